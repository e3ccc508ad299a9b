import { describe, expect, it } from 'vitest';
import { DpopReplayCache } from './dpop-replay.js';

describe('DpopReplayCache', () => {
  it('refuses an id seen before until it expires', () => {
    const cache = new DpopReplayCache();
    expect(cache.remember('a', 100, 50)).toBe('fresh');
    expect(cache.remember('a', 100, 99)).toBe('replayed');
    expect(cache.remember('a', 200, 101)).toBe('fresh');
  });

  it('sweeps expired entries when full, and then refuses new ids rather than forget a live one', () => {
    const cache = new DpopReplayCache(3);
    cache.remember('old', 10, 0);
    cache.remember('b', 100, 0);
    cache.remember('c', 100, 0);
    expect(cache.remember('d', 100, 20)).toBe('fresh'); // 'old' expired and swept
    expect(cache.size).toBe(3);
    expect(cache.remember('e', 100, 20)).toBe('full');
    // Every live id is still refused as a replay: none was forgotten to make room.
    for (const id of ['b', 'c', 'd']) expect(cache.remember(id, 100, 20)).toBe('replayed');
    expect(cache.remember('e', 200, 101)).toBe('fresh'); // all expired by now
  });
});
