import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdbLease } from './idb-lease';
import { createRefreshLock, newGeneration } from './refresh-lock';

afterEach(() => vi.useRealTimers());

describe('createIdbLease', () => {
  it('lets one owner at a time take it, passes the generation on, and frees an expired one', async () => {
    const factory = new IDBFactory();
    const lease = createIdbLease(factory, 'k');
    expect(await lease.tryAcquire('a', 5000)).toEqual({ acquired: true });
    expect(await lease.tryAcquire('b', 5000)).toEqual({ acquired: false });
    await lease.release('b', 'not-b-to-give'); // not the owner: no effect
    expect(await lease.tryAcquire('b', 5000)).toEqual({ acquired: false });
    await lease.release('a', 'g1');
    expect(await lease.tryAcquire('b', 1)).toEqual({ acquired: true, generation: 'g1' });
    await new Promise((r) => setTimeout(r, 5));
    expect(await lease.tryAcquire('c', 5000)).toEqual({ acquired: true, generation: 'g1' });
  });

  it('is a compare-and-set: of 20 tabs trying at once, exactly one gets it', async () => {
    const factory = new IDBFactory();
    const tabs = Array.from({ length: 20 }, () => createIdbLease(factory, 'k'));
    const results = await Promise.all(tabs.map((tab, i) => tab.tryAcquire(`tab${i}`, 5000)));
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
  });
});

describe('createRefreshLock without Web Locks, over IndexedDB', () => {
  it('runs one holder at a time and hands the stored generation to the next one', async () => {
    const factory = new IDBFactory();
    const make = () =>
      createRefreshLock('sesame.refresh:x', {
        shared: true,
        waitMs: 5000,
        leaseMs: 3000,
        storage: localStorage,
        indexedDB: factory,
      });
    const [a, b] = [make(), make()];
    let running = 0;
    let most = 0;
    const generation = newGeneration();
    const first = a.run(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 30));
      await a.announce(generation);
      running--;
    });
    await new Promise((r) => setTimeout(r, 5));
    let stale = true; // b's view of localStorage lags until the test says otherwise
    const reads: string[] = [];
    const second = b.run(async () => {
      running++;
      most = Math.max(most, running);
      setTimeout(() => (stale = false), 50);
      await b.catchUp(() => {
        reads.push(stale ? 'old' : 'new');
        return { gen: stale ? '0' : generation };
      });
      running--;
    });
    await Promise.all([first, second]);
    expect(most).toBe(1);
    expect(reads.at(-1)).toBe('new');
    expect(reads.length).toBeGreaterThan(1);
    expect(localStorage.length).toBe(0); // not the localStorage lease
  });

  it('falls back to the localStorage lease when IndexedDB refuses', async () => {
    const broken = {
      open: () => {
        throw new Error('blocked');
      },
    } as unknown as IDBFactory;
    const lock = createRefreshLock('sesame.refresh:y', {
      shared: true,
      waitMs: 5000,
      leaseMs: 3000,
      storage: localStorage,
      indexedDB: broken,
    });
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    await expect(lock.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(setItem).toHaveBeenCalledWith('sesame.refresh:y', expect.any(String));
    setItem.mockRestore();
  });
});
