import type { IdpReady } from '../api-validation/idp.js';
import { startChild } from '../api-validation/long-running-child.js';
import { holderFromJwks, signProofs } from '../api-validation/proofs.js';
import type { ServersConfig, ServersReady } from '../api-validation/servers.js';
import { ratio, type Benchmark } from '../benchmark.js';
import { combine, measure, type LoadResult } from '../load.js';
import { LOAD, ms, mustAllSucceed, oneProofEach, row } from '../api-validation/load-run.js';

/** The targets: API req/s over bare node:http req/s, in the same run. */
const BEARER_TARGET = 0.5;
const DPOP_TARGET = 0.3;

const benchmark: Benchmark = {
  name: 'api-validation',
  description:
    'GET /accounts on the bank API with real IdP access tokens, Bearer (verified JWT cached) and DPoP (a proof verified on every request), vs a bare node:http server sending the same JSON',
  async run() {
    const idp = await startChild<undefined, IdpReady>(
      new URL('../api-validation/idp.ts', import.meta.url),
      undefined,
    );
    try {
      const { issuer, bearerToken, dpopToken, dpopKey } = idp.ready;
      const servers = await startChild<ServersConfig, ServersReady>(
        new URL('../api-validation/servers.ts', import.meta.url),
        { issuer, probeToken: bearerToken },
      );
      try {
        const { apiUrl, bareUrl, bodyBytes } = servers.ready;
        const api = `${apiUrl}/accounts`;
        const bare = `${bareUrl}/accounts`;
        const bearer = { authorization: `Bearer ${bearerToken}` };
        const settings = { connections: LOAD.connections, durationSeconds: LOAD.durationSeconds };
        const warmup = { ...settings, durationSeconds: LOAD.warmupSeconds };
        const holder = await holderFromJwks(dpopKey);
        const proofs = (count: number) => signProofs(holder, dpopToken, api, count);

        // Warm everything up (JIT, JWKS fetch, token cache, keep-alive sockets) before measuring.
        await measure(api, { ...warmup, headers: bearer });
        const dpopWarm = await measure(api, {
          ...warmup,
          nextHeaders: oneProofEach(dpopToken, await proofs(LOAD.warmupProofs)),
        });
        mustAllSucceed('bank API (DPoP warm-up)', dpopWarm);
        await measure(bare, warmup);

        const slice = { ...settings, durationSeconds: LOAD.durationSeconds / LOAD.rounds };
        // Each DPoP slice gets proofs signed just before it (a proof's iat must be within a
        // minute of its use): enough for twice the best DPoP rate seen so far (three times the
        // warm-up's, which runs colder), so that a slice does not run out before its time.
        let bestDpopRate = dpopWarm.requestsPerSecond * 1.5;
        const proofsForSlice = () =>
          Math.min(LOAD.maxProofs, Math.ceil(bestDpopRate * slice.durationSeconds * 2));
        let proofsSigned = 0;
        const slices: Record<'bare' | 'bearer' | 'dpop', () => Promise<LoadResult>> = {
          bare: () => measure(bare, slice),
          bearer: () => measure(api, { ...slice, headers: bearer }),
          dpop: async () => {
            const signed = await proofs(proofsForSlice());
            proofsSigned += signed.length;
            const result = await measure(api, {
              ...slice,
              nextHeaders: oneProofEach(dpopToken, signed),
            });
            bestDpopRate = Math.max(bestDpopRate, result.requestsPerSecond);
            return result;
          },
        };
        const order = ['bare', 'bearer', 'dpop'] as const;
        const results = {
          bare: [] as LoadResult[],
          bearer: [] as LoadResult[],
          dpop: [] as LoadResult[],
        };
        for (let round = 0; round < LOAD.rounds; round += 1) {
          for (let i = 0; i < order.length; i += 1) {
            const name = order[(round + i) % order.length] ?? 'bare';
            results[name].push(await slices[name]());
          }
        }
        const bareRun = combine(results.bare);
        const bearerRun = combine(results.bearer);
        const dpopRun = combine(results.dpop);
        mustAllSucceed('bank API (Bearer)', bearerRun);
        mustAllSucceed('bank API (DPoP)', dpopRun);

        const bearerRatio = bearerRun.requestsPerSecond / bareRun.requestsPerSecond;
        const dpopRatio = dpopRun.requestsPerSecond / bareRun.requestsPerSecond;
        const figures = (result: LoadResult) =>
          `${Math.round(result.requestsPerSecond)} req/s, p99 ${ms(result.p99Ms)} ms`;
        const ratios = (result: LoadResult) =>
          `${ratio(result.requestsPerSecond, bareRun.requestsPerSecond)}, p99 ${ratio(result.p99Ms, bareRun.p99Ms)}`;
        return {
          columns: ['server', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
          rows: [
            row('bare node:http', bareRun),
            row('bank-api, Bearer', bearerRun),
            row('bank-api, DPoP', dpopRun),
          ],
          summary: [
            {
              measure:
                'API cost, Bearer: GET /accounts, verified JWT cached, req/s (reference: bare node:http)',
              sesame: figures(bearerRun),
              reference: figures(bareRun),
              ratio: ratios(bearerRun),
              target: `≥ ${BEARER_TARGET}×`,
              met: bearerRatio >= BEARER_TARGET,
            },
            {
              measure:
                'API cost, DPoP: GET /accounts, proof verified per request, req/s (reference: bare node:http)',
              sesame: figures(dpopRun),
              reference: figures(bareRun),
              ratio: ratios(dpopRun),
              target: `≥ ${DPOP_TARGET}×`,
              met: dpopRatio >= DPOP_TARGET,
            },
          ],
          notes: [
            `${LOAD.connections} keep-alive connections, ${LOAD.durationSeconds} s for each server after a ${LOAD.warmupSeconds} s warm-up, in ${LOAD.rounds} slices taken in turns; ${bodyBytes}-byte JSON body. The IdP, the servers (bank API and bare node:http) and the load generator (an undici keep-alive pool) each run in their own process.`,
            `Bearer: one access token, so after the first request its verified claims come from the API's token cache (SHA-256 of the token, until exp). DPoP: one bound access token (cnf.jkt) and a fresh proof per request, each fully verified (signature with the embedded key, htm, htu, iat, jti replay, ath, thumbprint = cnf.jkt).`,
            `The ${proofsSigned} DPoP proofs were signed before each slice (ES256, as a browser client signs them), so the load generator spends no time signing while measuring; DPoP ran ${dpopRun.elapsedSeconds.toFixed(1)} s${dpopRun.elapsedSeconds < LOAD.durationSeconds - 0.5 ? ' (proofs ran out first in some slice)' : ''}.`,
            `bank-api / bare, throughput: Bearer ${ratio(bearerRun.requestsPerSecond, bareRun.requestsPerSecond)}, DPoP ${ratio(dpopRun.requestsPerSecond, bareRun.requestsPerSecond)}; p50 ${ratio(bearerRun.p50Ms, bareRun.p50Ms)} and ${ratio(dpopRun.p50Ms, bareRun.p50Ms)}; p99 ${ratio(bearerRun.p99Ms, bareRun.p99Ms)} and ${ratio(dpopRun.p99Ms, bareRun.p99Ms)}.`,
            'Set BENCH_CONNECTIONS, BENCH_DURATION and BENCH_ROUNDS to change the load.',
          ],
        };
      } finally {
        await servers.stop();
      }
    } finally {
      await idp.stop();
    }
  },
};

export default benchmark;
