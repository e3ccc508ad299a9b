import { describe, expect, it } from 'vitest';
import { DpopReplayCache } from './dpop-replay.js';

describe('DpopReplayCache', () => {
  it('refuses an id seen before until it expires', () => {
    const cache = new DpopReplayCache();
    expect(cache.remember('a', 100, 50)).toBe(true);
    expect(cache.remember('a', 100, 99)).toBe(false);
    expect(cache.remember('a', 200, 101)).toBe(true);
  });

  it('stays within its bound, sweeping expired entries first', () => {
    const cache = new DpopReplayCache(3);
    cache.remember('old', 10, 0);
    cache.remember('b', 100, 0);
    cache.remember('c', 100, 0);
    cache.remember('d', 100, 20);
    expect(cache.size).toBe(3);
    expect(cache.remember('b', 100, 20)).toBe(false);
    cache.remember('e', 100, 20);
    expect(cache.size).toBe(3);
  });
});
