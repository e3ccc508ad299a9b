import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CATCH_UP_MS,
  createRefreshLock,
  newGeneration,
  type RefreshLockOptions,
} from './refresh-lock';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { makeClient, resetBrowser, signedIn } from './testing/harness';
import { fakeLockManager, installLocks } from './testing/tabs';
import type { AuthClient } from './types';

const options = (extra: Partial<RefreshLockOptions> = {}): RefreshLockOptions => ({
  shared: true,
  waitMs: 5000,
  leaseMs: 3000,
  storage: localStorage,
  ...extra,
});

/** A task that records how many copies of it run at once. */
function tracked() {
  let running = 0;
  let most = 0;
  const task = async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 20));
    running--;
    return 'done';
  };
  return { task, most: () => most };
}

beforeEach(resetBrowser);
afterEach(() => vi.useRealTimers());

describe('createRefreshLock', () => {
  it('uses the Web Lock named for the client when the browser has Web Locks', async () => {
    const { locks, requests } = fakeLockManager();
    const lock = createRefreshLock('sesame.refresh:x', options({ locks }));
    const { task, most } = tracked();
    await Promise.all([lock.run(task), lock.run(task), lock.run(task)]);
    expect(requests).toEqual(['sesame.refresh:x', 'sesame.refresh:x', 'sesame.refresh:x']);
    expect(most()).toBe(1);
    expect(localStorage.length).toBe(0);
  });

  it('falls back to a localStorage lease when navigator.locks is missing: one holder at a time', async () => {
    expect('locks' in navigator).toBe(false); // jsdom, like an old browser
    const tabs = [1, 2, 3].map(() => createRefreshLock('sesame.refresh:x', options()));
    const { task, most } = tracked();
    expect(await Promise.all(tabs.map((t) => t.run(task)))).toEqual(['done', 'done', 'done']);
    expect(most()).toBe(1);
    expect(localStorage.getItem('sesame.refresh:x')).toBeNull(); // released
  });

  it('releases the lease when the task fails', async () => {
    const lock = createRefreshLock('sesame.refresh:x', options());
    await expect(lock.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(localStorage.getItem('sesame.refresh:x')).toBeNull();
    await expect(lock.run(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it('waits out the lease of a tab that died holding it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    localStorage.setItem(
      'sesame.refresh:x',
      JSON.stringify({ owner: 'dead tab', until: Date.now() + 3000 }),
    );
    const lock = createRefreshLock('sesame.refresh:x', options());
    const task = vi.fn(() => Promise.resolve('ok'));
    const result = lock.run(task);
    await vi.advanceTimersByTimeAsync(2900);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    await expect(result).resolves.toBe('ok');
  });

  it('gives up with a retryable refresh_failed when another tab holds it too long', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    localStorage.setItem(
      'sesame.refresh:x',
      JSON.stringify({ owner: 'slow tab', until: Date.now() + 60_000 }),
    );
    const result = createRefreshLock('sesame.refresh:x', options({ waitMs: 1000 }))
      .run(() => Promise.resolve('never'))
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1200);
    expect(await result).toMatchObject({ code: 'refresh_failed', retryable: true });
  });

  it('maps a Web Lock wait that times out to refresh_failed', async () => {
    const locks = {
      request: (_n: string, { signal }: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason as Error)),
        ),
    } as unknown as LockManager;
    const lock = createRefreshLock('n', options({ locks, waitMs: 20 }));
    await expect(lock.run(() => Promise.resolve(1))).rejects.toMatchObject({
      code: 'refresh_failed',
      retryable: true,
    });
  });

  it('announces the stored generation in a held Web Lock, replacing the previous one', async () => {
    const { locks, held } = fakeLockManager();
    const lock = createRefreshLock('r', options({ locks }));
    await lock.announce('g1');
    expect([...held.keys()]).toEqual(['r:generation:g1']);
    await lock.announce('g2');
    await Promise.resolve();
    expect([...held.keys()]).toEqual(['r:generation:g2']);
    lock.dispose();
    await Promise.resolve();
    expect(held.size).toBe(0);
  });

  it('catches up: waits while this tab still reads an older generation than the one announced', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const { locks } = fakeLockManager();
    const holder = createRefreshLock('r', options({ locks }));
    const waiter = createRefreshLock('r', options({ locks }));
    const older = newGeneration();
    vi.advanceTimersByTime(1000);
    await holder.announce(newGeneration());
    let view: { gen: string } | null = { gen: older }; // storage has not caught up yet
    let done = false;
    const caughtUp = waiter.catchUp(() => view).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(300);
    expect(done).toBe(false);
    view = { gen: newGeneration() }; // the newer tokens arrive in this tab's storage
    await vi.advanceTimersByTimeAsync(20);
    expect(done).toBe(true);
    await caughtUp;

    // Signed out meanwhile, or no announcement at all: nothing to wait for.
    await expect(waiter.catchUp(() => null)).resolves.toBeUndefined();
    holder.dispose();
    await vi.advanceTimersByTimeAsync(0);
    await expect(waiter.catchUp(() => ({ gen: older }))).resolves.toBeUndefined();
  });

  it(`stops waiting for storage after ${CATCH_UP_MS} ms`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const { locks } = fakeLockManager();
    const lock = createRefreshLock('r', options({ locks }));
    await lock.announce(newGeneration());
    let done = false;
    void lock.catchUp(() => ({ gen: '0' })).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(CATCH_UP_MS - 20);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    expect(done).toBe(true);
  });

  it('does nothing across tabs when the tokens are not shared (in-tab single-flight is enough)', async () => {
    const { locks, requests } = fakeLockManager();
    const lock = createRefreshLock('n', options({ shared: false, locks }));
    await expect(lock.run(() => Promise.resolve(7))).resolves.toBe(7);
    expect(requests).toEqual([]);
    expect(localStorage.length).toBe(0);
  });
});

describe('tabs sharing tokens (storage: local) refresh once', () => {
  let idp: FakeIdp;
  const clients: AuthClient[] = [];
  let uninstall = () => {};
  beforeEach(async () => {
    idp = await startFakeIdp();
  });
  afterEach(async () => {
    vi.unstubAllGlobals();
    uninstall();
    uninstall = () => {};
    for (const client of clients.splice(0)) client.dispose();
    await idp.stop();
  });

  /** Three tabs on one stored session whose access token is stale, and whose next one will be fresh. */
  async function threeStaleTabs() {
    const settings = { storage: 'local', refreshBeforeExpirySeconds: 600 } as const;
    const first = await signedIn(idp, settings); // 300 s tokens: stale under a 600 s window
    idp.setAccessTokenTtl(3600);
    const others = [makeClient(idp, settings), makeClient(idp, settings)];
    const tabs = [first.client, ...others.map((o) => o.client)];
    clients.push(...tabs);
    await Promise.all(tabs.map((t) => t.initialize()));
    // initialize() refreshed the stale token once already; make it stale again for the race.
    idp.setAccessTokenTtl(300);
    await tabs[0]!.getAccessToken({ forceRefresh: true });
    idp.setAccessTokenTtl(3600);
    idp.counters.refresh_token = 0;
    await vi.waitFor(() => expect(new Set(tabs.map((t) => t.peekAccessToken())).size).toBe(1));
    return tabs;
  }

  it.each([
    ['Web Locks', 'locks'],
    ['the IndexedDB lease (no navigator.locks)', 'indexedDB'],
    ['the localStorage lease (neither)', 'none'],
  ] as const)(
    'with %s: 3 tabs × 10 requests at expiry → 1 refresh, 0 invalid_grant, one token',
    async (_name, mechanism) => {
      if (mechanism === 'locks') uninstall = installLocks(fakeLockManager().locks);
      if (mechanism === 'indexedDB') vi.stubGlobal('indexedDB', new IDBFactory());
      const setItem = vi.spyOn(Storage.prototype, 'setItem');
      const tabs = await threeStaleTabs();
      const tokens = await Promise.all(
        tabs.flatMap((t) => Array.from({ length: 10 }, () => t.getAccessToken())),
      );
      expect(idp.counters.refresh_token).toBe(1);
      expect(idp.counters.invalid_grant).toBe(0);
      expect(new Set(tokens).size).toBe(1);
      const leaseWrites = setItem.mock.calls.filter(([key]) => key.startsWith('sesame.refresh:'));
      expect(leaseWrites.length > 0).toBe(mechanism === 'none');
      setItem.mockRestore();
      for (const t of tabs) expect(t.getSnapshot().status).toBe('authenticated');
    },
  );

  it('a tab with a rejected token takes the one another tab just refreshed', async () => {
    uninstall = installLocks(fakeLockManager().locks);
    const [a, b] = await threeStaleTabs();
    const rejectedToken = b!.peekAccessToken()!;
    const fromA = await a!.getAccessToken({ forceRefresh: true });
    // B has not heard yet; its 401 retry asks with the old token and gets A's without refreshing.
    const fromB = await b!.getAccessToken({ forceRefresh: { rejectedToken } });
    expect(fromB).toBe(fromA);
    expect(idp.counters.refresh_token).toBe(1);
  });
});
