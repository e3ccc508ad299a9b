import { describe, expect, it } from 'vitest';
import { combine, roundRobin, type LoadResult } from './load.js';

const run = (latencies: number[], elapsedSeconds: number, non2xx = 0): LoadResult => ({
  requestsPerSecond: latencies.length / elapsedSeconds,
  p50Ms: Number.NaN,
  p99Ms: Number.NaN,
  total: latencies.length,
  non2xx,
  errors: 0,
  elapsedSeconds,
  latenciesMs: Float64Array.from(latencies).sort(),
});

describe('combine', () => {
  it('adds requests and time, and takes percentiles over every latency', () => {
    const combined = combine([run([1, 2, 3, 4], 2, 1), run([10, 20], 1)]);
    expect(combined.total).toBe(6);
    expect(combined.elapsedSeconds).toBe(3);
    expect(combined.requestsPerSecond).toBe(2);
    expect(combined.non2xx).toBe(1);
    expect(combined.p50Ms).toBe(4);
    expect(combined.p99Ms).toBe(20);
    expect([...combined.latenciesMs]).toEqual([1, 2, 3, 4, 10, 20]);
  });
});

describe('roundRobin', () => {
  it('hands out the items in turn, starting again after the last', () => {
    const next = roundRobin(['a', 'b']);
    expect([next(), next(), next(), next(), next()]).toEqual(['a', 'b', 'a', 'b', 'a']);
  });

  it('refuses an empty list', () => {
    expect(() => roundRobin([])).toThrow(/at least one/);
  });
});
