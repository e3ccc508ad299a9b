import type { Benchmark, SummaryRow } from '../benchmark.js';
import { runChild } from '../child.js';
import { refreshDedupInChromium } from '../browser/refresh-dedup.js';
import type { DedupRow } from '../realm/refresh-dedup.js';

const LABEL = {
  sesame: 'Sesame getAccessToken()',
  'oidc-client-ts': 'oidc-client-ts UserManager.signinSilent()',
} as const;

const benchmark: Benchmark = {
  name: 'refresh-dedup',
  description:
    'K concurrent token requests on a stale token against the real IdP (rotating refresh tokens): token-endpoint calls, failures, and whether the session survives',
  async run() {
    const rows = [
      ...(await runChild<DedupRow[]>(new URL('../realm/refresh-dedup.ts', import.meta.url))),
      ...(await refreshDedupInChromium([1, 10, 100])),
    ];
    const find = (library: DedupRow['library'], k: number) =>
      rows.find((row) => row.realm === 'chromium' && row.library === library && row.k === k);
    const summary: SummaryRow[] = [];
    for (const k of [1, 10, 100]) {
      const sesame = find('sesame', k);
      const peer = find('oidc-client-ts', k);
      if (!sesame || !peer) continue;
      summary.push({
        measure: `refresh: token calls for K=${k} (reference: signinSilent)`,
        sesame: `${sesame.tokenCalls}${sesame.survived ? '' : ' (session lost)'}`,
        reference: `${peer.tokenCalls}${peer.survived ? '' : ' (session lost)'}`,
        ratio: `${(sesame.tokenCalls / peer.tokenCalls).toFixed(2)}×`,
        target: '1',
        met: sesame.tokenCalls === 1 && sesame.failedCalls === 0 && sesame.survived,
      });
    }
    return {
      columns: [
        'realm',
        'library',
        'K',
        'token calls',
        'failed calls',
        'rejected callers',
        'session survived',
      ],
      rows: rows.map((row) => [
        row.realm,
        LABEL[row.library],
        row.k,
        row.tokenCalls,
        row.failedCalls,
        row.rejectedCallers,
        row.survived ? 'yes' : 'NO',
      ]),
      summary,
      notes: [
        'jsdom: a child process whose globals are a jsdom window (Node fetch and WebCrypto), with the IdP in-process. chromium: Debian Chromium, one Vite-built page per library, a fresh browser context per burst (real Web Locks, BroadcastChannel, CORS). IdP on 127.0.0.1, port 0; each burst starts from a fresh real sign-in (one code exchange). The summary uses the chromium rows.',
        'Sesame: 300 s access tokens with refreshBeforeExpirySeconds 600, so the token in hand is stale; K callers call getAccessToken() at once. oidc-client-ts: K callers call signinSilent() at once (with a refresh token it uses the refresh grant).',
        'The IdP rotates refresh tokens and revokes the grant when a rotated one is reused; "session survived" is one more forced refresh after the burst.',
      ],
    };
  },
};

export default benchmark;
