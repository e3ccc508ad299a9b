// Which sessions belong to an IdP session (`sid`) or to a user (`sub`). A back-channel logout names
// only those, and may reach any replica, so the lists live in the session store next to the sessions:
// one record per index key holding session keys. They are written through the plain SessionStore
// interface (get, then set) inside an exclusive section (this process's lock and, when the store has
// one, its lock shared by every replica), so two sign-ins on two replicas never overwrite each other's
// entry, and no store needs a new method (a Redis set would need one). Sealed like every record in the
// Redis store.
import type { JsonObject } from './json';
import type { SessionStore } from './session-store';

/** Runs a task alone for a key: in this process and, with a shared store, across replicas. */
export type Exclusive = <T>(key: string, task: () => Promise<T>) => Promise<T>;

type IndexRecord = { v: 1; keys: string[]; expiresAt: number };

const isIndexRecord = (value: JsonObject | undefined): value is IndexRecord =>
  value !== undefined &&
  value.v === 1 &&
  Array.isArray(value.keys) &&
  value.keys.every((key) => typeof key === 'string') &&
  typeof value.expiresAt === 'number';

/** From this many entries on, an addition first drops the entries whose session is gone. */
export const PRUNE_FROM = 32;

/** The lists of session keys by `sid` and by `sub`, in the session store. */
export class SessionIndex {
  readonly #store: SessionStore;
  readonly #exclusive: Exclusive;

  constructor(store: SessionStore, exclusive: Exclusive) {
    this.#store = store;
    this.#exclusive = exclusive;
  }

  /**
   * Adds `sessionKey` to the list under `indexKey`, which then lives until `until` (epoch ms: the
   * session's absolute end) or the end of a later session in it, whichever is last.
   */
  add(indexKey: string, sessionKey: string, until: number, now = Date.now()): Promise<void> {
    return this.#exclusive(indexKey, async () => {
      const stored = await this.#store.get(indexKey);
      let keys = isIndexRecord(stored) ? stored.keys.filter((key) => key !== sessionKey) : [];
      if (keys.length >= PRUNE_FROM) keys = await this.#live(keys);
      const expiresAt = Math.max(until, isIndexRecord(stored) ? stored.expiresAt : 0);
      const next: IndexRecord = { v: 1, keys: [...keys, sessionKey], expiresAt };
      await this.#store.set(indexKey, next, Math.max(1, expiresAt - now));
    });
  }

  /** The session keys listed under `indexKey` (some may name sessions that have ended since). */
  async keys(indexKey: string): Promise<string[]> {
    const stored = await this.#store.get(indexKey);
    return isIndexRecord(stored) ? stored.keys : [];
  }

  /** Deletes the list under `indexKey`. */
  drop(indexKey: string): Promise<void> {
    return this.#exclusive(indexKey, () => this.#store.delete(indexKey));
  }

  async #live(keys: string[]): Promise<string[]> {
    const found = await Promise.all(keys.map((key) => this.#store.get(key)));
    return keys.filter((_key, index) => found[index] !== undefined);
  }
}
