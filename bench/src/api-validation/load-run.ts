// The load that api-validation and bff-proxy both put on their servers (the same environment
// variables, so their rows compare), and how both report and check a run.
import type { LoadResult } from '../load.js';

/** The load, from BENCH_CONNECTIONS, BENCH_DURATION and BENCH_ROUNDS where set. */
export const LOAD = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  durationSeconds: Number(process.env.BENCH_DURATION ?? 10),
  /**
   * Each server's time is cut into this many slices, taken in turns (bare, Bearer, DPoP, then the
   * next order): on a shared machine, load that comes and goes then falls on all three alike.
   */
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmupSeconds: 2,
  /** Proofs for the DPoP warm-up; its rate then sizes the proofs signed for the measured run. */
  warmupProofs: 20_000,
  maxProofs: 400_000,
};

/** Milliseconds to two decimals. */
export const ms = (value: number) => Number(value.toFixed(2));

/** A table row: name, req/s, p50, p99, total, non-2xx, errors. */
export const row = (name: string, result: LoadResult) => [
  name,
  Math.round(result.requestsPerSecond),
  ms(result.p50Ms),
  ms(result.p99Ms),
  result.total,
  result.non2xx,
  result.errors,
];

/** Throws when a run had any non-2xx answer or error: its figures would not be comparable. */
export function mustAllSucceed(name: string, result: LoadResult): void {
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${name} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
}

/** Headers that hand out one DPoP proof per request, until there are none left. */
export function oneProofEach(token: string, proofs: readonly string[]) {
  const authorization = `DPoP ${token}`;
  let next = 0;
  return () => {
    const dpop = proofs[next];
    next += 1;
    return dpop === undefined ? undefined : { authorization, dpop };
  };
}
