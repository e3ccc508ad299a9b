import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.js';
import { inTurns } from './turns.js';

const slice = (latencyMs: number): LoadResult => ({
  requestsPerSecond: 1,
  p50Ms: latencyMs,
  p99Ms: latencyMs,
  total: 1,
  non2xx: 0,
  errors: 0,
  elapsedSeconds: 1,
  latenciesMs: Float64Array.of(latencyMs),
});

describe('inTurns', () => {
  it('takes the slices one at a time in a rotating order and combines each name', async () => {
    const order: string[] = [];
    let running = 0;
    const named = (name: string, latencyMs: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return slice(latencyMs + order.length);
    };
    const results = await inTurns({ a: named('a', 0), b: named('b', 100), c: named('c', 200) }, 3);
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(results.a.total).toBe(3);
    expect(results.a.elapsedSeconds).toBe(3);
    expect([...results.a.latenciesMs]).toEqual([1, 6, 8]);
    expect([...results.c.latenciesMs]).toEqual([203, 205, 207]);
  });
});
