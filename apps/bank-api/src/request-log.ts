import type { PresentedTokenKind } from './auth/token-kind.js';

/** One handled request. Holds no token, no query string and no body. */
export interface RequestLogEntry {
  /** ISO 8601 time the request arrived. */
  readonly at: string;
  readonly method: string;
  /** Path without the query string; over-long or token-shaped segments are redacted. */
  readonly path: string;
  readonly status: number;
  readonly sub: string | undefined;
  readonly tokenKind: PresentedTokenKind;
  readonly durationMs: number;
  /** The `code` of the error the API answered with, if any. */
  readonly error: string | undefined;
}

const MAX_SEGMENT_LENGTH = 64;
const JWT_LIKE = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./;

/**
 * A path fit for logs: a client that wrongly puts a token in the URL must not get it logged, so
 * long or JWT-shaped segments are replaced.
 */
export function loggablePath(path: string): string {
  const clipped = path.length > 512 ? path.slice(0, 512) : path;
  const segments = clipped.split('/');
  // Most paths have nothing to hide: keep the string itself rather than build a copy.
  if (!segments.some(mustRedact)) return clipped;
  return segments.map((segment) => (mustRedact(segment) ? '[redacted]' : segment)).join('/');
}

function mustRedact(segment: string): boolean {
  return segment.length > MAX_SEGMENT_LENGTH || JWT_LIKE.test(segment);
}

let lastStampMs = Number.NaN;
let lastStamp = '';

/**
 * `new Date(ms).toISOString()`, remembered for the last millisecond: a busy server logs many
 * requests within one, and formatting a date is a measurable part of a cached-token request.
 */
export function isoTimestamp(ms: number): string {
  if (ms !== lastStampMs) {
    lastStampMs = ms;
    lastStamp = new Date(ms).toISOString();
  }
  return lastStamp;
}

/** Formats one log line: `GET /accounts 200 1.2ms token=at+jwt sub=usr_jane_doe`. */
export function formatLogLine(entry: RequestLogEntry): string {
  let line = `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs.toFixed(1)}ms token=${entry.tokenKind}`;
  if (entry.sub !== undefined) line += ` sub=${entry.sub}`;
  if (entry.error !== undefined) line += ` error=${entry.error}`;
  return line;
}

/** A bounded, append-only list: the oldest entries go once it grows past `capacity` (+25%). */
export class BoundedLog<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(item: T): void {
    this.#items.push(item);
    // Trim in batches so that a busy server does not shift the whole array on every request.
    if (this.#items.length > this.#capacity + Math.ceil(this.#capacity / 4)) {
      this.#items.splice(0, this.#items.length - this.#capacity);
    }
  }

  /** The live array, typed read-only (callers must not mutate it). */
  get items(): readonly T[] {
    return this.#items;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
