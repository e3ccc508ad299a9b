// Where sessions and sign-ins in progress live: on the server, never in the cookie. The interface
// is small, async and JSON-only so that a shared store (Redis and the like) can implement it; the
// in-memory store below is the default for a single process.
import { BffError } from './errors';
import type { JsonObject } from './json';

/**
 * A key-value store with expiry for the BFF's records. Values are plain JSON objects
 * (`JSON.stringify` round-trips them); keys are opaque strings the BFF builds (`session:…`,
 * `login:…`, never a raw session id). A store that cannot be reached should reject with
 * {@link sessionStoreUnavailable}'s error: the BFF answers 503 with `Retry-After` and keeps the
 * session. Any other rejection answers 500.
 */
export interface SessionStore {
  /** The value stored under `key`, or `undefined` when there is none or it expired. */
  get(key: string): Promise<JsonObject | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds (a whole number, at least 1), replacing any value. */
  set(key: string, value: JsonObject, ttlMs: number): Promise<void>;
  /** Removes `key`; resolves whether or not it existed. */
  delete(key: string): Promise<void>;
  /**
   * Optional: reads and removes `key` in one atomic step (Redis `GETDEL`), so that a sign-in can be
   * completed once even when two replicas receive the same callback. Without it the BFF calls
   * `get` then `delete`.
   */
  take?(key: string): Promise<JsonObject | undefined>;
  /**
   * Optional: runs `task` while holding a lock on `key` that every process sharing this store
   * respects (the Redis store: `SET NX PX` with an owner token). The BFF takes it around every write
   * of a session, inside its own per-process lock, and reads the session again once it holds it:
   * two replicas never refresh with the same refresh token. Rejects (without running `task`) when
   * the lock cannot be had in time, preferably with a retryable {@link BffError}. Without it, the
   * per-process lock is all there is: one replica only.
   */
  withLock?<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * The error a {@link SessionStore} rejects with when it cannot be reached or does not answer in
 * time: `session_store_unavailable`, 503, retryable, `Retry-After: retryAfterSeconds`. `cause` goes
 * to the log line only.
 */
export function sessionStoreUnavailable(cause?: unknown, retryAfterSeconds = 2): BffError {
  return new BffError(
    'session_store_unavailable',
    'The session store is unavailable; the session is kept. Try again shortly.',
    { status: 503, retryable: true, retryAfterSeconds, cause },
  );
}

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /**
   * Most records kept at once (sessions plus sign-ins in progress). When full, expired records go
   * first, then the oldest: memory stays bounded whatever the traffic. Default 100,000.
   */
  maxEntries?: number;
  /** The clock, in epoch ms (tests). Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * The default {@link SessionStore}: a bounded map in this process. Values are kept as JSON text, as a
 * shared store would keep them, so a record that does not survive serialisation fails here first.
 * Sessions do not outlive the process and are not shared between replicas: use a shared store for
 * more than one.
 */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** Writes since the last sweep of expired records: a full store sweeps at most every tenth of its size. */
  #writesSinceSweep = Number.POSITIVE_INFINITY;

  constructor(options: MemorySessionStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(`maxEntries must be a positive whole number, got ${String(maxEntries)}.`);
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** How many records are held, expired ones included until they are swept (tests, metrics). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<JsonObject | undefined> {
    const entry = this.#live(key);
    return entry && (JSON.parse(entry.json) as JsonObject);
  }

  async set(key: string, value: JsonObject, ttlMs: number): Promise<void> {
    const json = JSON.stringify(value);
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) this.#makeRoom();
    this.#entries.set(key, { json, expiresAt: this.#now() + Math.max(1, ttlMs) });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async take(key: string): Promise<JsonObject | undefined> {
    const entry = this.#live(key);
    this.#entries.delete(key);
    return entry && (JSON.parse(entry.json) as JsonObject);
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Drops every expired record (at most once every `maxEntries / 10` writes, so a store full of live
   * records does not scan on every write); when that frees nothing, the oldest record goes.
   */
  #makeRoom(): void {
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep >= this.#maxEntries / 10) {
      this.#writesSinceSweep = 0;
      const now = this.#now();
      for (const [key, entry] of this.#entries) {
        if (entry.expiresAt <= now) this.#entries.delete(key);
      }
    }
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
