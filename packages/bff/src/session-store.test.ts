import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from './session-store';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemorySessionStore', () => {
  it('keeps JSON values until their TTL, as copies', async () => {
    const time = clock();
    const store = new MemorySessionStore({ now: time.now });
    const value = { a: 1, nested: { b: [true, null] } };
    await store.set('k', value, 100);
    value.a = 2;
    const read = await store.get('k');
    expect(read).toEqual({ a: 1, nested: { b: [true, null] } });
    read!.a = 3;
    expect((await store.get('k'))?.a).toBe(1);
    time.advance(99);
    expect(await store.get('k')).toBeDefined();
    time.advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('takes a value once', async () => {
    const store = new MemorySessionStore();
    await store.set('k', { a: 1 }, 1000);
    expect(await store.take('k')).toEqual({ a: 1 });
    expect(await store.take('k')).toBeUndefined();
    expect(await store.get('k')).toBeUndefined();
  });

  it('deletes', async () => {
    const store = new MemorySessionStore();
    await store.set('k', { a: 1 }, 1000);
    await store.delete('k');
    await store.delete('unknown');
    expect(await store.get('k')).toBeUndefined();
  });

  it('stays within maxEntries: expired records go first, then the oldest', async () => {
    const time = clock();
    const store = new MemorySessionStore({ maxEntries: 3, now: time.now });
    await store.set('short', { v: 1 }, 10);
    await store.set('a', { v: 1 }, 1000);
    await store.set('b', { v: 1 }, 1000);
    time.advance(10);
    await store.set('c', { v: 1 }, 1000);
    expect(store.size).toBe(3);
    expect(await store.get('a')).toBeDefined();
    await store.set('d', { v: 1 }, 1000);
    expect(store.size).toBe(3);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('d')).toBeDefined();
  });

  it('refuses what JSON cannot hold', async () => {
    const store = new MemorySessionStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(store.set('k', cyclic as never, 10)).rejects.toThrow(TypeError);
    expect(() => new MemorySessionStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
