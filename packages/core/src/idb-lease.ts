/**
 * A cross-tab lease in IndexedDB, for browsers without Web Locks. Unlike localStorage (which Chrome
 * copies between tabs asynchronously), IndexedDB runs read-write transactions on one store one at a
 * time for the whole origin, so "read the lease, take it if free" in one transaction is a real
 * compare-and-set. The lease also carries the token generation its last holder stored, so the next
 * holder can wait for its own view of localStorage to catch up (see refresh-lock.ts).
 */

import { idbRequest, idbTransaction } from './idb';

interface LeaseRecord {
  owner: string | null;
  until: number;
  generation?: string | undefined;
}

/** Runs `change` on the lease `key` inside one read-write transaction; resolves when it committed. */
function update<T>(
  factory: IDBFactory,
  key: string,
  change: (current: LeaseRecord | undefined) => { next?: LeaseRecord; result: T },
): Promise<T> {
  return idbTransaction(factory, 'leases', 'readwrite', async (store) => {
    const { next, result } = change(await idbRequest(store.get(key) as IDBRequest<LeaseRecord>));
    if (next) store.put(next, key);
    return result;
  });
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

export { indexedDbOrUndefined } from './idb';
