import { createHash } from 'node:crypto';
import { ApiError } from '../http/api-error.js';
import type { ApiResponse } from '../http/api-response.js';

/** A response worth replaying: what the first request with a key was answered. */
export type StoredResponse = ApiResponse;

interface Entry {
  readonly fingerprint: string;
  /** Settled once the first request finished; replays read `response`. */
  readonly done: Promise<void>;
  response: StoredResponse | undefined;
  expiresAtMs: number;
}

/** `Idempotency-Key` values: 1 to 255 printable ASCII characters. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/**
 * Validates an `Idempotency-Key` header value.
 * Missing → 400 `idempotency_key_required`; malformed → 400 `invalid_idempotency_key`.
 */
export function readIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new ApiError(
      400,
      'idempotency_key_required',
      'This request needs an Idempotency-Key header.',
    );
  }
  if (!KEY_PATTERN.test(value)) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 1 to 255 printable ASCII characters.',
    );
  }
  return value;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same": method, path and the body's JSON value (so key order and
 * whitespace do not matter).
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('base64url');
}

export interface IdempotencyStoreOptions {
  /** How long a finished response is replayed. Default 24 hours. */
  ttlMs?: number;
  /** Finished entries beyond this many are forgotten, oldest first. Default 100,000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Exactly-once execution per (user, key). The first request with a key runs; a request with the
 * same key that arrives while it runs waits for it instead of running too; later requests get
 * the stored response. A different body under the same key is refused with 422.
 *
 * Server errors (5xx) and thrown errors are not stored: nothing was applied, so a retry may run.
 */
export class IdempotencyStore {
  #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: IdempotencyStoreOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Runs `action` at most once for `scope` (the user) and `key`.
   * @returns the response and whether it is a replay of an earlier one.
   */
  async execute(
    scope: string,
    key: string,
    fingerprint: string,
    action: () => Promise<StoredResponse> | StoredResponse,
  ): Promise<{ response: StoredResponse; replayed: boolean }> {
    const mapKey = `${scope}\u0000${key}`;
    for (;;) {
      const existing = this.#live(mapKey);
      if (existing === undefined) break;
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request.',
        );
      }
      await existing.done;
      if (existing.response !== undefined) return { response: existing.response, replayed: true };
      // The first attempt failed without storing anything: loop, and maybe run it ourselves.
    }

    let settle!: () => void;
    const entry: Entry = {
      fingerprint,
      done: new Promise<void>((resolve) => (settle = resolve)),
      response: undefined,
      expiresAtMs: Number.POSITIVE_INFINITY,
    };
    this.#entries.set(mapKey, entry);
    try {
      const response = await action();
      if (response.status < 500) {
        entry.response = response;
        entry.expiresAtMs = this.#now() + this.#ttlMs;
        this.#trim();
      } else {
        this.#entries.delete(mapKey);
      }
      return { response, replayed: false };
    } catch (error) {
      this.#entries.delete(mapKey);
      throw error;
    } finally {
      settle();
    }
  }

  #live(mapKey: string): Entry | undefined {
    const entry = this.#entries.get(mapKey);
    if (entry !== undefined && entry.expiresAtMs <= this.#now()) {
      this.#entries.delete(mapKey);
      return undefined;
    }
    return entry;
  }

  #trim(): void {
    if (this.#entries.size <= this.#maxEntries) return;
    for (const [mapKey, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries) break;
      if (entry.response !== undefined) this.#entries.delete(mapKey);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries = new Map();
  }
}
