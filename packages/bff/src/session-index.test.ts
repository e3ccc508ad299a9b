import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock';
import { PRUNE_FROM, SessionIndex } from './session-index';
import { MemorySessionStore } from './session-store';

function setup(now = () => 1_000_000) {
  const store = new MemorySessionStore({ now });
  const lock = new KeyedLock();
  const index = new SessionIndex(store, (key, task) => lock.run(key, task));
  return { store, index };
}

describe('SessionIndex', () => {
  it('keeps every session key of concurrent additions (one writer at a time per index key)', async () => {
    const { index } = setup();
    const keys = Array.from({ length: 10 }, (_, n) => `session:${n}`);
    await Promise.all(keys.map((key) => index.add('sid:a', key, 2_000_000, 1_000_000)));
    expect((await index.keys('sid:a')).sort()).toEqual([...keys].sort());
    expect(await index.keys('sid:other')).toEqual([]);
  });

  it('lives until the latest end of its sessions, not the last one added', async () => {
    let clock = 1_000_000;
    const { index } = setup(() => clock);
    await index.add('sub:a', 'session:long', 1_000_000 + 60_000, clock);
    await index.add('sub:a', 'session:short', 1_000_000 + 10_000, clock);
    clock += 30_000;
    expect(await index.keys('sub:a')).toEqual(['session:long', 'session:short']);
    clock += 31_000;
    expect(await index.keys('sub:a')).toEqual([]);
  });

  it(`drops the keys of ended sessions once it holds ${PRUNE_FROM}`, async () => {
    const { store, index } = setup();
    await store.set('session:live', { v: 1 }, 60_000);
    await index.add('sub:a', 'session:live', 1_060_000, 1_000_000);
    for (let n = 1; n < PRUNE_FROM; n++) {
      await index.add('sub:a', `session:gone-${n}`, 1_060_000, 1_000_000);
    }
    expect(await index.keys('sub:a')).toHaveLength(PRUNE_FROM);
    await index.add('sub:a', 'session:new', 1_060_000, 1_000_000);
    expect(await index.keys('sub:a')).toEqual(['session:live', 'session:new']);
  });

  it('drop deletes the list; a record of another shape reads as an empty list', async () => {
    const { store, index } = setup();
    await index.add('sid:a', 'session:1', 1_060_000, 1_000_000);
    await index.drop('sid:a');
    expect(await index.keys('sid:a')).toEqual([]);
    await store.set('sid:b', { v: 1, keys: 'session:1' }, 60_000);
    expect(await index.keys('sid:b')).toEqual([]);
  });
});
