import { randomBytes } from 'node:crypto';
import { BFF_CLIENT_ID, generateBffClientKeys } from '@sesame/test-stack/real-idp';
import { startRedis, type RunningRedis } from '@sesame/test-stack/redis-server';
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
import { LOAD, ms, mustAllSucceed, oneProofEach, row } from '../api-validation/load-run.js';

/** BFF processes sharing the one Redis in the replicas row (the first is the Redis row's BFF). */
const REDIS_REPLICAS = 2;

const figures = (result: LoadResult) =>
  `${Math.round(result.requestsPerSecond)} req/s, p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms`;
const ratios = (result: LoadResult, reference: LoadResult) =>
  `req/s ${ratio(result.requestsPerSecond, reference.requestsPerSecond)}, p50 ${ratio(result.p50Ms, reference.p50Ms)}, p99 ${ratio(result.p99Ms, reference.p99Ms)}`;

/** Stops whatever started, last first, even when a later step failed. */
async function stopAll(children: readonly RunningChild<unknown>[]): Promise<void> {
  for (const child of [...children].reverse()) await child.stop();
}

const benchmark: Benchmark = {
  name: 'bff-proxy',
  description:
    "GET /accounts through @sesame/bff's proxy (session cookie + CSRF header in; DPoP-bound token + a fresh proof per request out) vs straight to the bank API with a bearer token, same run",
  async run() {
    // One BFF process per session store, plus the other Redis replicas, each with its callback
    // registered at the IdP.
    const ports = new Map<BffStoreName, number>();
    for (const store of BFF_STORES) ports.set(store, await freePort());
    const replicaPorts: number[] = [];
    for (let i = 1; i < REDIS_REPLICAS; i += 1) replicaPorts.push(await freePort());
    const keys = await generateBffClientKeys();
    const origins = [...ports.values(), ...replicaPorts].map((port) => `http://127.0.0.1:${port}`);
    const children: RunningChild<unknown>[] = [];
    let redisServer: RunningRedis | undefined;
    try {
      // Debian's redis-server on a free port, no persistence, and the one secret every BFF on it
      // shares: 32 random bytes drawn for this run.
      redisServer = await startRedis();
      const redis = { url: redisServer.url, encryptionKey: randomBytes(32).toString('base64') };
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
      const startBff = async (store: BffStoreName, port: number) => {
        const bff = await startChild<BffServerConfig, BffServerReady>(
          new URL('../bff/server.ts', import.meta.url),
          {
            issuer,
            clientId: BFF_CLIENT_ID,
            clientPrivateKey: keys.privateJwk,
            apiUrl,
            port,
            store,
            ...(store === 'redis' ? { redis } : {}),
          },
        );
        children.push(bff);
        return bff;
      };
      const accounts = (origin: string) => `${origin}/bff/api/bank/accounts`;
      const bffs = new Map<BffStoreName, { url: string; headers: Record<string, string> }>();
      for (const [store, port] of ports) {
        const bff = await startBff(store, port);
        // One real sign-in (PAR, private_key_jwt, the IdP's pages, code exchange with DPoP); every
        // request then carries what a browser's same-origin fetch of the app would: the session
        // cookie and the CSRF header (no Origin on a same-origin GET).
        const cookie = await signInThroughBff(bff.ready.origin);
        bffs.set(store, {
          url: accounts(bff.ready.origin),
          headers: { cookie, 'x-sesame-csrf': '1' },
        });
      }
      // The replicas row: the Redis row's BFF and the others, one session between them (signed in
      // at the first only: the others find it in Redis), requests dealt round-robin.
      const redisBff = bffs.get('redis')!;
      const replicaUrls = [redisBff.url];
      for (const port of replicaPorts) {
        replicaUrls.push(accounts((await startBff('redis', port)).ready.origin));
      }

      const settings = { connections: LOAD.connections, durationSeconds: LOAD.durationSeconds };
      const warmup = { ...settings, durationSeconds: LOAD.warmupSeconds };
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
        nextHeaders: oneProofEach(dpopToken, await proofs(LOAD.warmupProofs)),
      });
      mustAllSucceed('bank API (DPoP warm-up)', dpopWarm);
      for (const [store, bff] of bffs) {
        mustAllSucceed(
          `BFF, ${store} (warm-up)`,
          await measure(bff.url, { ...warmup, headers: bff.headers }),
        );
      }
      // Also the proof that every replica reads the session the first one wrote (else non-2xx).
      mustAllSucceed(
        `BFF, ${REDIS_REPLICAS} replicas on Redis (warm-up)`,
        await measure(replicaUrls, { ...warmup, headers: redisBff.headers }),
      );

      const slice = { ...settings, durationSeconds: LOAD.durationSeconds / LOAD.rounds };
      // As in api-validation: proofs signed just before each DPoP slice, for twice its best rate.
      let bestDpopRate = dpopWarm.requestsPerSecond * 1.5;
      const slices: Record<string, () => Promise<LoadResult>> = {
        bearer: () => measure(api, { ...slice, headers: bearer }),
        dpop: async () => {
          const count = Math.min(
            LOAD.maxProofs,
            Math.ceil(bestDpopRate * slice.durationSeconds * 2),
          );
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
      slices['bff-replicas'] = () => measure(replicaUrls, { ...slice, headers: redisBff.headers });
      const results = await inTurns(slices, LOAD.rounds);
      const bearerRun = results.bearer!;
      const dpopRun = results.dpop!;
      mustAllSucceed('bank API (Bearer)', bearerRun);
      mustAllSucceed('bank API (DPoP)', dpopRun);
      const bffRuns = BFF_STORES.map((store) => {
        const run = results[`bff-${store}`]!;
        mustAllSucceed(`BFF, ${store}`, run);
        return { store, run };
      });
      const memoryRun = results['bff-memory']!;
      const redisRun = results['bff-redis']!;
      const replicasRun = results['bff-replicas']!;
      mustAllSucceed(`BFF, ${REDIS_REPLICAS} replicas on Redis`, replicasRun);
      const replicasLabel = `Redis store, ${REDIS_REPLICAS} BFF processes round-robin`;

      const summary: SummaryRow[] = [
        {
          measure: `BFF proxy: GET /bff/api/bank/accounts, ${STORE_LABELS.memory} (reference: straight to API, Bearer)`,
          sesame: figures(memoryRun),
          reference: figures(bearerRun),
          ratio: ratios(memoryRun, bearerRun),
          target: 'report',
          met: undefined,
        },
        // Issue 20 sets no target for the Redis store: its cost over memory is reported.
        {
          measure: 'BFF proxy, Redis store (reference: BFF, in-memory store)',
          sesame: figures(redisRun),
          reference: figures(memoryRun),
          ratio: ratios(redisRun, memoryRun),
          target: 'report',
          met: undefined,
        },
        {
          measure: `BFF proxy, Redis store, ${REDIS_REPLICAS} replicas round-robin (reference: BFF, in-memory store)`,
          sesame: figures(replicasRun),
          reference: figures(memoryRun),
          ratio: ratios(replicasRun, memoryRun),
          target: 'report',
          met: undefined,
        },
      ];
      return {
        columns: ['path', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
        rows: [
          row('bank-api direct, Bearer (reference)', bearerRun),
          row('bank-api direct, DPoP (proofs signed ahead)', dpopRun),
          ...bffRuns.map(({ store, run }) => row(`BFF → bank-api, ${STORE_LABELS[store]}`, run)),
          row(`BFF → bank-api, ${replicasLabel}`, replicasRun),
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
          `${LOAD.connections} keep-alive connections, ${LOAD.durationSeconds} s for each row after a ${LOAD.warmupSeconds} s warm-up, in ${LOAD.rounds} slices taken in turns; ${bodyBytes}-byte JSON body. The IdP, the bank API, each BFF and the load generator (an undici keep-alive pool) run in their own processes, on the same 2 cores.`,
          'BFF rows: one real sign-in first (PAR + private_key_jwt + DPoP at the real IdP), then every request sends the session cookie and X-Sesame-CSRF: 1. Per request the BFF checks CSRF, loads the session from its store, signs a fresh DPoP proof with the session key (ES256) and calls the bank API (openid-client fetchProtectedResource, keep-alive), which verifies token and proof; the answer is filtered and sent back. The token lives an hour: no refresh during the run.',
          `Bearer row: the issue's reference (a browser-mode app calling the API with its token); its verified token is cached by the API. DPoP row: the same upstream call as the BFF makes (bound token, a proof verified per request), without the BFF hop, so BFF / DPoP is the hop's own cost: ${bffRuns.map(({ store, run }) => `${store} ${ratios(run, dpopRun)}`).join('; ')}.`,
          `BFF / Bearer: ${bffRuns.map(({ store, run }) => `${store} ${ratios(run, bearerRun)}`).join('; ')}.`,
          `Redis rows: Debian's redis-server (no persistence) on the same machine, one AES-256-GCM key drawn for the run. Per request the Redis store costs one GET and the record's decryption (the idle end is written back at most once a minute). Redis / memory: ${ratios(redisRun, memoryRun)}. ${REDIS_REPLICAS} replicas: ${REDIS_REPLICAS} BFF processes sharing that Redis and one session (signed in at the first), the load generator dealing requests round-robin, ${LOAD.connections} in flight in all; / one Redis BFF: ${ratios(replicasRun, redisRun)} (on these shared 2 cores a second process has no spare CPU to use: the row shows that any replica serves the session, not a host's capacity).`,
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
      await redisServer?.close();
    }
  },
};

export default benchmark;
