import { BFF_CLIENT_ID, generateBffClientKeys } from '@sesame/test-stack/real-idp';
import type { IdpConfig, IdpReady } from '../api-validation/idp.js';
import { startChild, type RunningChild } from '../api-validation/long-running-child.js';
import { holderFromJwks, signProofs } from '../api-validation/proofs.js';
import type { ServersConfig, ServersReady } from '../api-validation/servers.js';
import { ratio, type Benchmark, type SummaryRow } from '../benchmark.js';
import { freePort } from '../bff/free-port.js';
import type { BffServerConfig, BffServerReady } from '../bff/server.js';
import { signInThroughBff } from '../bff/sign-in.js';
import { BFF_STORES, PENDING_STORES, STORE_LABELS, type BffStoreName } from '../bff/stores.js';
import { measure, type LoadResult } from '../load.js';
import { inTurns } from '../turns.js';

// The same load as api-validation (and the same environment variables), so the rows compare.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;
const WARMUP_PROOFS = 20_000;
const MAX_PROOFS = 400_000;

const ms = (value: number) => Number(value.toFixed(2));
const row = (name: string, result: LoadResult) => [
  name,
  Math.round(result.requestsPerSecond),
  ms(result.p50Ms),
  ms(result.p99Ms),
  result.total,
  result.non2xx,
  result.errors,
];
const figures = (result: LoadResult) =>
  `${Math.round(result.requestsPerSecond)} req/s, p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms`;
const ratios = (result: LoadResult, reference: LoadResult) =>
  `req/s ${ratio(result.requestsPerSecond, reference.requestsPerSecond)}, p50 ${ratio(result.p50Ms, reference.p50Ms)}, p99 ${ratio(result.p99Ms, reference.p99Ms)}`;

function mustAllSucceed(name: string, result: LoadResult): void {
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${name} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
}

/** Headers that hand out one DPoP proof per request, until there are none left. */
function oneProofEach(token: string, proofs: readonly string[]) {
  const authorization = `DPoP ${token}`;
  let next = 0;
  return () => {
    const dpop = proofs[next];
    next += 1;
    return dpop === undefined ? undefined : { authorization, dpop };
  };
}

/** Stops whatever started, last first, even when a later step failed. */
async function stopAll(children: readonly RunningChild<unknown>[]): Promise<void> {
  for (const child of [...children].reverse()) await child.stop();
}

const benchmark: Benchmark = {
  name: 'bff-proxy',
  description:
    "GET /accounts through @sesame/bff's proxy (session cookie + CSRF header in; DPoP-bound token + a fresh proof per request out) vs straight to the bank API with a bearer token, same run",
  async run() {
    // One BFF process per session store, each with its callback registered at the IdP.
    const ports = new Map<BffStoreName, number>();
    for (const store of BFF_STORES) ports.set(store, await freePort());
    const keys = await generateBffClientKeys();
    const origins = [...ports.values()].map((port) => `http://127.0.0.1:${port}`);
    const children: RunningChild<unknown>[] = [];
    try {
      const idp = await startChild<IdpConfig, IdpReady>(
        new URL('../api-validation/idp.ts', import.meta.url),
        {
          bff: {
            publicJwks: keys.publicJwks,
            redirectUris: origins.map((origin) => `${origin}/bff/callback`),
            postLogoutRedirectUris: origins.map((origin) => `${origin}/`),
          },
        },
      );
      children.push(idp);
      const { issuer, bearerToken, dpopToken, dpopKey } = idp.ready;
      const servers = await startChild<ServersConfig, ServersReady>(
        new URL('../api-validation/servers.ts', import.meta.url),
        { issuer, probeToken: bearerToken },
      );
      children.push(servers);
      const { apiUrl, bodyBytes } = servers.ready;
      const api = `${apiUrl}/accounts`;
      const bffs = new Map<BffStoreName, { url: string; headers: Record<string, string> }>();
      for (const [store, port] of ports) {
        const bff = await startChild<BffServerConfig, BffServerReady>(
          new URL('../bff/server.ts', import.meta.url),
          {
            issuer,
            clientId: BFF_CLIENT_ID,
            clientPrivateKey: keys.privateJwk,
            apiUrl,
            port,
            store,
          },
        );
        children.push(bff);
        // One real sign-in (PAR, private_key_jwt, the IdP's pages, code exchange with DPoP); every
        // request then carries what a browser's same-origin fetch of the app would: the session
        // cookie and the CSRF header (no Origin on a same-origin GET).
        const cookie = await signInThroughBff(bff.ready.origin);
        bffs.set(store, {
          url: `${bff.ready.origin}/bff/api/bank/accounts`,
          headers: { cookie, 'x-sesame-csrf': '1' },
        });
      }

      const settings = { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS };
      const warmup = { ...settings, durationSeconds: WARMUP_SECONDS };
      const bearer = { authorization: `Bearer ${bearerToken}` };
      const holder = await holderFromJwks(dpopKey);
      const proofs = (count: number) => signProofs(holder, dpopToken, api, count);

      // Warm up (JIT, JWKS, token caches, discovery, keep-alive sockets both sides of the BFF).
      mustAllSucceed(
        'bank API (Bearer warm-up)',
        await measure(api, { ...warmup, headers: bearer }),
      );
      const dpopWarm = await measure(api, {
        ...warmup,
        nextHeaders: oneProofEach(dpopToken, await proofs(WARMUP_PROOFS)),
      });
      mustAllSucceed('bank API (DPoP warm-up)', dpopWarm);
      for (const [store, bff] of bffs) {
        mustAllSucceed(
          `BFF, ${store} (warm-up)`,
          await measure(bff.url, { ...warmup, headers: bff.headers }),
        );
      }

      const slice = { ...settings, durationSeconds: DURATION_SECONDS / ROUNDS };
      // As in api-validation: proofs signed just before each DPoP slice, for twice its best rate.
      let bestDpopRate = dpopWarm.requestsPerSecond * 1.5;
      const slices: Record<string, () => Promise<LoadResult>> = {
        bearer: () => measure(api, { ...slice, headers: bearer }),
        dpop: async () => {
          const count = Math.min(MAX_PROOFS, Math.ceil(bestDpopRate * slice.durationSeconds * 2));
          const result = await measure(api, {
            ...slice,
            nextHeaders: oneProofEach(dpopToken, await proofs(count)),
          });
          bestDpopRate = Math.max(bestDpopRate, result.requestsPerSecond);
          return result;
        },
      };
      for (const [store, bff] of bffs) {
        slices[`bff-${store}`] = () => measure(bff.url, { ...slice, headers: bff.headers });
      }
      const results = await inTurns(slices, ROUNDS);
      const bearerRun = results.bearer!;
      const dpopRun = results.dpop!;
      mustAllSucceed('bank API (Bearer)', bearerRun);
      mustAllSucceed('bank API (DPoP)', dpopRun);
      const bffRuns = BFF_STORES.map((store) => {
        const run = results[`bff-${store}`]!;
        mustAllSucceed(`BFF, ${store}`, run);
        return { store, run };
      });

      const summary: SummaryRow[] = bffRuns.map(({ store, run }) => ({
        measure: `BFF proxy: GET /bff/api/bank/accounts, ${STORE_LABELS[store]} (reference: straight to API, Bearer)`,
        sesame: figures(run),
        reference: figures(bearerRun),
        ratio: ratios(run, bearerRun),
        target: 'report',
        met: undefined,
      }));
      return {
        columns: ['path', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
        rows: [
          row('bank-api direct, Bearer (reference)', bearerRun),
          row('bank-api direct, DPoP (proofs signed ahead)', dpopRun),
          ...bffRuns.map(({ store, run }) => row(`BFF → bank-api, ${STORE_LABELS[store]}`, run)),
          ...PENDING_STORES.map((pending) => [
            `BFF → bank-api, ${pending}`,
            '—',
            '—',
            '—',
            '—',
            '—',
            '—',
          ]),
        ],
        summary,
        notes: [
          `${CONNECTIONS} keep-alive connections, ${DURATION_SECONDS} s for each row after a ${WARMUP_SECONDS} s warm-up, in ${ROUNDS} slices taken in turns; ${bodyBytes}-byte JSON body. The IdP, the bank API, each BFF and the load generator (an undici keep-alive pool) run in their own processes, on the same 2 cores.`,
          'BFF rows: one real sign-in first (PAR + private_key_jwt + DPoP at the real IdP), then every request sends the session cookie and X-Sesame-CSRF: 1. Per request the BFF checks CSRF, loads the session from its store, signs a fresh DPoP proof with the session key (ES256) and calls the bank API (openid-client fetchProtectedResource, keep-alive), which verifies token and proof; the answer is filtered and sent back. The token lives an hour: no refresh during the run.',
          `Bearer row: the issue's reference (a browser-mode app calling the API with its token); its verified token is cached by the API. DPoP row: the same upstream call as the BFF makes (bound token, a proof verified per request), without the BFF hop, so BFF / DPoP is the hop's own cost: ${bffRuns.map(({ store, run }) => `${store} ${ratios(run, dpopRun)}`).join('; ')}.`,
          `BFF / Bearer: ${bffRuns.map(({ store, run }) => `${store} ${ratios(run, bearerRun)}`).join('; ')}.`,
          ...(PENDING_STORES.length > 0
            ? [
                `Not measured yet: ${PENDING_STORES.join(', ')} (add it to BFF_STORES in src/bff/stores.ts).`,
              ]
            : []),
          'Set BENCH_CONNECTIONS, BENCH_DURATION and BENCH_ROUNDS to change the load.',
        ],
      };
    } finally {
      await stopAll(children);
    }
  },
};

export default benchmark;
