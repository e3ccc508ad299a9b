import { hash } from 'node:crypto';

/**
 * The key a token is remembered under: a SHA-256 digest, so that no map, heap snapshot or log
 * ever holds a usable token.
 */
export function tokenFingerprint(token: string): string {
  // One-shot hash (Node ≥ 20.12): no Hash object per request on the API's hot path.
  return hash('sha256', token, 'base64url');
}

interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

/** A small TTL cache with a size cap (oldest entries go first) keyed by token fingerprints. */
export class TokenCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries: number; now?: () => number }) {
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, expiresAtMs: number): void {
    if (expiresAtMs <= this.#now()) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAtMs });
    // Maps iterate in insertion order, so the first key is the oldest.
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
