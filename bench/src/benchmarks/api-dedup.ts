import type { Benchmark, SummaryRow } from '../benchmark.js';
import { runChild } from '../child.js';
import type { ApiDedupRow } from '../realm/api-dedup.js';

const benchmark: Benchmark = {
  name: 'api-dedup',
  description:
    'Two APIs, one token each (apis(), RFC 8707): K concurrent getAccessToken({ api }) callers per API against the real IdP; token requests per API (counted at the IdP by resource), failures, and whether the session survives',
  async run() {
    const rows = await runChild<ApiDedupRow[]>(new URL('../realm/api-dedup.ts', import.meta.url));
    const summary: SummaryRow[] = rows
      .filter((row) => row.scenario === 'both stale' && row.k === 100)
      .map((row) => ({
        measure: `several APIs: token requests per API for K=${row.k} callers each, both stale`,
        sesame: `bank ${row.bankCalls}, investments ${row.investCalls}${row.survived ? '' : ' (session lost)'}`,
        reference: 'n/a',
        ratio: 'n/a',
        target: '1 per API',
        met:
          row.bankCalls === 1 &&
          row.investCalls === 1 &&
          row.failedCalls === 0 &&
          row.rejectedCallers === 0 &&
          row.survived,
      }));
    return {
      columns: [
        'scenario',
        'K per API',
        'bank token calls',
        'investments token calls',
        'failed calls',
        'rejected callers',
        'session survived',
      ],
      rows: rows.map((row) => [
        row.scenario,
        row.k,
        row.bankCalls,
        row.investCalls,
        row.failedCalls,
        row.rejectedCallers,
        row.survived ? 'yes' : 'NO',
      ]),
      summary,
      notes: [
        'jsdom child process with the IdP in-process (127.0.0.1, port 0); each burst starts from a fresh real sign-in naming both resources (one code exchange, which gives the bank token).',
        '"first use": K callers ask for the investments token, which the session does not hold yet (the refresh grant with its resource). "both stale": 300 s tokens with refreshBeforeExpirySeconds 600 and both tokens held, so every token is stale; K callers for each API at once.',
        'The IdP rotates refresh tokens and revokes the grant when a rotated one is reused, so the two APIs\' refreshes must also take turns with the one refresh token; "session survived" is one more forced refresh of each API after the burst.',
      ],
    };
  },
};

export default benchmark;
