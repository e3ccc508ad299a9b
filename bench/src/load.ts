import { Pool } from 'undici';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /**
   * Headers for each request, when they differ per request (a fresh DPoP proof each time); the
   * load stops early, before `durationSeconds`, once it returns `undefined`.
   */
  nextHeaders?: () => Record<string, string> | undefined;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  /** How long the loops ran. */
  elapsedSeconds: number;
  /** Every answered request's latency, sorted (so results can be combined). */
  latenciesMs: Float64Array;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Keep-alive load on one URL for a fixed time: `connections` loops, each sending its next request
 * as soon as the previous answer is read (undici pool, no pipelining). Latency is measured per
 * request with `performance.now()`, so percentiles keep sub-millisecond resolution. Throughput is
 * the requests answered over the time the loops ran (shorter when `nextHeaders` ran out).
 *
 * Given several URLs (replicas of one server), requests go to them in turn, round-robin as a
 * load balancer would, with `connections` requests in flight in all (one pool per URL).
 */
export async function measure(
  url: string | readonly string[],
  settings: LoadSettings,
): Promise<LoadResult> {
  const targets = (typeof url === 'string' ? [url] : url).map((each) => {
    const target = new URL(each);
    return {
      path: `${target.pathname}${target.search}`,
      pool: new Pool(target.origin, { connections: settings.connections, pipelining: 1 }),
    };
  });
  const pick = roundRobin(targets);
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + settings.durationSeconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const headers = settings.nextHeaders ? settings.nextHeaders() : (settings.headers ?? {});
      if (headers === undefined) break;
      const target = pick();
      const sent = performance.now();
      try {
        const response = await target.pool.request({ path: target.path, method: 'GET', headers });
        await response.body.dump();
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx += 1;
      } catch {
        errors += 1;
        continue;
      }
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count] = performance.now() - sent;
      count += 1;
    }
  };
  await Promise.all(Array.from({ length: settings.connections }, loop));
  const elapsedSeconds = (performance.now() - started) / 1000;
  await Promise.all(targets.map((target) => target.pool.close()));
  return summarise(latencies.slice(0, count), elapsedSeconds, non2xx, errors);
}

/** Hands out `items` in turn, for ever: a, b, a, b... */
export function roundRobin<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('roundRobin needs at least one item');
  let next = 0;
  return () => {
    const item = items[next]!;
    next = (next + 1) % items.length;
    return item;
  };
}

function summarise(
  latenciesMs: Float64Array,
  elapsedSeconds: number,
  non2xx: number,
  errors: number,
): LoadResult {
  const sorted = latenciesMs.sort();
  return {
    requestsPerSecond: sorted.length / elapsedSeconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    total: sorted.length,
    non2xx,
    errors,
    elapsedSeconds,
    latenciesMs: sorted,
  };
}

/**
 * Several runs on one URL as if they were one: requests and time add up, percentiles are taken
 * over every latency. Runs taken in turns with other URLs' runs share the machine's ups and downs.
 */
export function combine(results: readonly LoadResult[]): LoadResult {
  const latencies = new Float64Array(results.reduce((sum, r) => sum + r.latenciesMs.length, 0));
  let offset = 0;
  for (const result of results) {
    latencies.set(result.latenciesMs, offset);
    offset += result.latenciesMs.length;
  }
  const sum = (pick: (result: LoadResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return summarise(
    latencies,
    sum((r) => r.elapsedSeconds),
    sum((r) => r.non2xx),
    sum((r) => r.errors),
  );
}
