import { AuthError } from './errors';
import { DEV } from './dev';
import { createIdbLease, indexedDbOrUndefined, type IdbLease } from './idb-lease';

/** Runs one task at a time across the tabs that share a refresh token. */
export interface RefreshLock {
  /** Runs `task` once no other tab runs one under this lock; rejects `refresh_failed` after `waitMs`. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Says, somewhere every tab reads consistently, which token generation (a sortable id, newest last)
   * was stored last. Call it after storing new tokens and before releasing the lock.
   */
  announce(generation: string): Promise<void>;
  /**
   * Waits (at most 1 s) until this tab's view of storage shows the last announced
   * generation. Chrome updates another tab's localStorage asynchronously: right after taking the
   * lock, a tab can still read the refresh token the previous holder has just spent.
   */
  catchUp(read: () => { gen?: string | undefined } | null): Promise<void>;
  /** Lets go of the announcement this tab holds. */
  dispose(): void;
}

/** A sortable id for one set of tokens: the time first, so that a later generation sorts after. */
export const newGeneration = () =>
  `${Date.now().toString(36).padStart(9, '0')}.${Math.random().toString(36).slice(2, 10)}`;

export const CATCH_UP_MS = 1000;

/** The options {@link crossTabLock} gives the lock it makes (from the client's `fetchTimeoutMs` and storage). */
export interface RefreshLockOptions {
  /** Whether tabs share the tokens (`storage: 'local'`); if not, the client's in-tab single-flight is enough. */
  shared: boolean;
  /** Give up waiting for another tab after this long (it may have hung). */
  waitMs: number;
  /** The fallback lease outlives a tab that died holding it by at most this long. */
  leaseMs: number;
  /** Where the fallback lease lives (localStorage, shared with the other tabs). */
  storage: Storage;
  /** The Web Locks API; default `navigator.locks` when the browser has it. */
  locks?: LockManager | undefined;
  /** IndexedDB for the lease where Web Locks are missing; default the browser's. `null`: none. */
  indexedDB?: IDBFactory | null | undefined;
}

// The fallback lease: how long a writer waits before checking it won, and how often a loser re-checks.
const SETTLE_MS = 30;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tooLong = (cause?: unknown) =>
  new AuthError(
    'refresh_failed',
    DEV && 'Another tab kept the token refresh too long; try again.',
    {
      step: 'refresh',
      retryable: true,
      cause,
    },
  );

interface Lease {
  owner: string;
  until: number;
}

function readLease(storage: Storage, key: string): Lease | null {
  try {
    const lease = JSON.parse(storage.getItem(key) ?? 'null') as Lease | null;
    return lease && typeof lease.owner === 'string' && typeof lease.until === 'number'
      ? lease
      : null;
  } catch {
    return null;
  }
}

/**
 * A localStorage lease for browsers without Web Locks: write our id with an expiry, wait a moment
 * for a racing tab's write to land, and proceed only if ours is still there. Not a perfect mutex
 * (storage writes are not compare-and-set), but the caller re-reads the stored tokens after taking
 * it, so a lost race costs at most one extra refresh, never a reused refresh token in the same instant.
 */
async function withLease<T>(
  storage: Storage,
  key: string,
  options: RefreshLockOptions,
  task: () => Promise<T>,
): Promise<T> {
  const me = `${Date.now()}-${Math.random()}`;
  const giveUpAt = Date.now() + options.waitMs;
  for (;;) {
    const held = readLease(storage, key);
    if (!held || held.until <= Date.now()) {
      storage.setItem(key, JSON.stringify({ owner: me, until: Date.now() + options.leaseMs }));
      await sleep(SETTLE_MS);
      if (readLease(storage, key)?.owner === me) break;
    }
    if (Date.now() >= giveUpAt) throw tooLong();
    await sleep(POLL_MS + Math.random() * POLL_MS);
  }
  try {
    return await task();
  } finally {
    if (readLease(storage, key)?.owner === me) storage.removeItem(key);
  }
}

/** What the IndexedDB lease's current holder knows: the generation it found, the one it leaves. */
interface IdbHold {
  found?: string | undefined;
  leave?: string | undefined;
}

/** The IndexedDB lease (a true compare-and-set across tabs), polled like the localStorage one. */
async function withIdbLease<T>(
  lease: IdbLease,
  hold: IdbHold,
  options: RefreshLockOptions,
  task: () => Promise<T>,
): Promise<T> {
  const me = `${Date.now()}-${Math.random()}`;
  const giveUpAt = Date.now() + options.waitMs;
  for (;;) {
    const { acquired, generation } = await lease.tryAcquire(me, options.leaseMs);
    if (acquired) {
      hold.found = generation;
      break;
    }
    if (Date.now() >= giveUpAt) throw tooLong();
    await sleep(POLL_MS + Math.random() * POLL_MS);
  }
  try {
    return await task();
  } finally {
    const leave = hold.leave;
    hold.found = hold.leave = undefined;
    // A lease we fail to give back expires after leaseMs; nothing else to do about it.
    await lease.release(me, leave).catch(() => {});
  }
}

/**
 * The cross-tab refresh lock named `name` (one per client_id and authority): a Web Lock where the
 * browser has them, a localStorage lease where it does not, and nothing when tokens are not shared.
 */
export function createRefreshLock(name: string, options: RefreshLockOptions): RefreshLock {
  const locks =
    options.locks ?? (typeof navigator !== 'undefined' ? navigator.locks : undefined) ?? undefined;
  // The announcement is a Web Lock held under the generation's name: the browser keeps lock state in
  // one place, so every tab's `query()` sees it at once, unlike localStorage.
  const announced = `${name}:generation:`;
  let release: (() => void) | undefined;
  const idbFactory = locks
    ? undefined
    : options.indexedDB === undefined
      ? indexedDbOrUndefined()
      : (options.indexedDB ?? undefined);
  let idb = idbFactory && createIdbLease(idbFactory, name);
  const hold: IdbHold = {};

  /** The generation to wait for: the newest announced Web Lock, or what the IndexedDB lease held. */
  async function latestGeneration(): Promise<string | undefined> {
    if (!locks) return hold.found;
    const { held = [] } = await locks.query();
    return held
      .map((lock) => lock.name ?? '')
      .filter((lockName) => lockName.startsWith(announced))
      .map((lockName) => lockName.slice(announced.length))
      .sort()
      .at(-1);
  }

  return {
    async announce(generation) {
      if (!options.shared) return;
      if (!locks) {
        hold.leave = generation; // written with the IndexedDB lease's release (if that is in use)
        return;
      }
      const previous = release;
      await new Promise<void>((granted) => {
        locks
          .request(
            announced + generation,
            () =>
              new Promise<void>((resolve) => {
                release = resolve;
                granted();
              }),
          )
          .catch(() => granted());
      });
      previous?.();
    },
    async catchUp(read) {
      if (!options.shared) return;
      const latest = await latestGeneration();
      // None: nothing announced, or its tab is gone (and storage has long caught up since).
      if (!latest) return;
      const giveUpAt = Date.now() + CATCH_UP_MS;
      for (;;) {
        const stored = read();
        // Nobody stored (signed out) or the same or a later generation: this tab's view is current.
        if (!stored || (stored.gen ?? '') >= latest || Date.now() >= giveUpAt) return;
        await sleep(10);
      }
    },
    dispose() {
      release?.();
      release = undefined;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      if (!options.shared) return task();
      if (!locks && idb) {
        return withIdbLease(idb, hold, options, task).catch((error: unknown) => {
          if (error instanceof AuthError) throw error;
          // IndexedDB refused (blocked, quota, private mode): the localStorage lease it is.
          idb = undefined;
          return withLease(options.storage, name, options, task);
        });
      }
      if (!locks) return withLease(options.storage, name, options, task);
      return (
        locks.request(name, { signal: AbortSignal.timeout(options.waitMs) }, task) as Promise<T>
      ).catch((error: unknown) => {
        // Only the wait can time out: once granted, the signal no longer applies.
        // (Checked by name: the DOMException may come from another realm.)
        if (/^(AbortError|TimeoutError)$/.test((error as { name?: string } | null)?.name ?? '')) {
          throw tooLong(error);
        }
        throw error;
      });
    },
  };
}

/**
 * The shape of {@link crossTabLock}: makes the lock for one client (one per client_id and authority),
 * from the client's id, its `fetchTimeoutMs` and the storage the tabs share. Positional, and the
 * options built here: property names cannot be minified, and every app would ship them.
 */
export type CrossTabLock = (id: string, fetchTimeoutMs: number, storage: Storage) => RefreshLock;

/**
 * The cross-tab refresh lock, for `storage: 'local'`: pass it as the `crossTabLock` setting
 * (`createAuthClient({ ..., storage: 'local', crossTabLock })`). Tabs that share one refresh token
 * then refresh it one at a time (a Web Lock, or an IndexedDB / localStorage lease in browsers
 * without Web Locks), and a tab that waited uses the tokens the previous one stored.
 */
export const crossTabLock: CrossTabLock = (id, fetchTimeoutMs, storage) =>
  createRefreshLock(`sesame.refresh:${id}`, {
    shared: true,
    waitMs: fetchTimeoutMs + 5000,
    leaseMs: fetchTimeoutMs + 2000,
    storage,
  });
