/**
 * Sesame's one IndexedDB database, shared by the modules that need storage every tab of the origin
 * sees at once: the refresh lease (idb-lease.ts) and DPoP keys (dpop-keys.ts). Only the modules an
 * app imports ship this file.
 */

const DB_NAME = 'sesame';
// Version 2 added `dpop`. Every store is created when missing, so any older database upgrades.
const VERSION = 2;
export type IdbStoreName = 'leases' | 'dpop';

const opened = new WeakMap<IDBFactory, Promise<IDBDatabase>>();

/** An `IDBRequest` as a promise. */
export function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const pending = opened.get(factory);
  if (pending) return pending;
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      for (const name of ['leases', 'dpop']) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      // A newer Sesame in another tab upgrades the database: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opened.delete(factory);
      };
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  }).catch((error: unknown) => {
    opened.delete(factory);
    throw error;
  });
  opened.set(factory, opening);
  return opening;
}

/**
 * Runs `work` on `store` in one transaction and resolves with its result once the transaction
 * committed (a read-write transaction's writes are then visible to every tab).
 */
export async function idbTransaction<T>(
  factory: IDBFactory,
  store: IdbStoreName,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => Promise<T>,
): Promise<T> {
  const db = await open(factory);
  const tx = db.transaction(store, mode);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
  const result = await work(tx.objectStore(store));
  await done;
  return result;
}

/** The browser's IndexedDB, or undefined (none, or blocked as in some private modes). */
export function indexedDbOrUndefined(): IDBFactory | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDB;
  } catch {
    return undefined;
  }
}
