/**
 * A cross-tab lease in IndexedDB, for browsers without Web Locks. Unlike localStorage (which Chrome
 * copies between tabs asynchronously), IndexedDB runs read-write transactions on one store one at a
 * time for the whole origin, so "read the lease, take it if free" in one transaction is a real
 * compare-and-set. The lease also carries the token generation its last holder stored, so the next
 * holder can wait for its own view of localStorage to catch up (see refresh-lock.ts).
 */

const DB_NAME = 'sesame';
const STORE = 'leases';

interface LeaseRecord {
  owner: string | null;
  until: number;
  generation?: string | undefined;
}

const opened = new WeakMap<IDBFactory, Promise<IDBDatabase>>();

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const pending = opened.get(factory);
  if (pending) return pending;
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  }).catch((error: unknown) => {
    opened.delete(factory);
    throw error;
  });
  opened.set(factory, opening);
  return opening;
}

/** Runs `change` on the lease `key` inside one read-write transaction; resolves when it committed. */
async function update<T>(
  factory: IDBFactory,
  key: string,
  change: (current: LeaseRecord | undefined) => { next?: LeaseRecord; result: T },
): Promise<T> {
  const db = await open(factory);
  const tx = db.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
  const { next, result } = change(await request(store.get(key) as IDBRequest<LeaseRecord>));
  if (next) store.put(next, key);
  await done;
  return result;
}

export interface IdbLease {
  /** Takes the lease if it is free or expired. Returns whether we got it and the last generation stored under it. */
  tryAcquire(owner: string, leaseMs: number): Promise<{ acquired: boolean; generation?: string }>;
  /** Gives the lease up (if still ours), leaving `generation` for the next holder. */
  release(owner: string, generation: string | undefined): Promise<void>;
}

export function createIdbLease(factory: IDBFactory, key: string): IdbLease {
  return {
    tryAcquire: (owner, leaseMs) =>
      update<{ acquired: boolean; generation?: string }>(factory, key, (current) => {
        const now = Date.now();
        const free = !current?.owner || current.until <= now || current.owner === owner;
        return free
          ? {
              next: { owner, until: now + leaseMs, generation: current?.generation },
              result: {
                acquired: true,
                ...(current?.generation && { generation: current.generation }),
              },
            }
          : { result: { acquired: false } };
      }),
    release: (owner, generation) =>
      update(factory, key, (current) =>
        current?.owner === owner
          ? {
              next: { owner: null, until: 0, generation: generation ?? current.generation },
              result: undefined,
            }
          : { result: undefined },
      ),
  };
}

/** The browser's IndexedDB, or undefined (none, or blocked as in some private modes). */
export function indexedDbOrUndefined(): IDBFactory | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDB;
  } catch {
    return undefined;
  }
}
