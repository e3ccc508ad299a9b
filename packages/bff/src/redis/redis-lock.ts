// A lock in Redis that every BFF replica respects, so that one session is refreshed by one replica
// at a time (a second refresh with a rotated-away refresh token would end the grant at the IdP).
// The single-instance pattern of Redis's documentation: SET key owner NX PX ttl; released only by
// its owner (compare-and-delete in Lua); kept alive while its holder works (compare-and-PEXPIRE
// every third of the ttl), so a slow IdP does not let it lapse, while a dead holder's lock lapses
// within one ttl. Waiters poll with a growing, jittered delay and give up with a typed, retryable
// error. Written by hand: it is a dozen Redis calls, and the lock libraries for node-redis either
// target ioredis or add Redlock's multi-master protocol, which one Redis does not need.
import { randomBytes } from 'node:crypto';
import { BffError } from '../errors';

/** The two Redis commands the lock needs, as node-redis names them (v5 and later). */
export interface LockClient {
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Settings of {@link RedisLock}. */
export interface RedisLockOptions {
  /** How long a lock lives without its holder renewing it: a dead holder's lock lapses after this. */
  ttlMs: number;
  /** How long a waiter waits for the lock before it gives up with `session_lock_timeout`. */
  waitMs: number;
  /** Warnings (a lock lost or not released). Never a key's owner token. */
  log: (line: string) => void;
}

/** Deletes the lock only when it still holds this owner's token. */
export const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** Extends the lock only when it still holds this owner's token. */
export const EXTEND_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";

/** First and largest pause between two tries of a waiter, in ms (doubling, with jitter). */
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;

/** The error of a waiter that gave up: 503, retryable, `Retry-After: 1`. */
export const sessionLockTimeout = (): BffError =>
  new BffError(
    'session_lock_timeout',
    'Another replica is working on this session (a token refresh) and did not finish in time. Try again shortly.',
    { status: 503, retryable: true, retryAfterSeconds: 1 },
  );

/** A lock that is held: who holds it, and whether it was lost meanwhile. */
export interface Lease {
  readonly key: string;
  readonly owner: string;
  /** Releases the lock if this lease still holds it; resolves whether it did. */
  release(): Promise<boolean>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Locks by Redis key, shared by every process that uses the same Redis. */
export class RedisLock {
  readonly #client: LockClient;
  readonly #options: RedisLockOptions;

  constructor(client: LockClient, options: RedisLockOptions) {
    this.#client = client;
    this.#options = options;
  }

  /** One attempt: the lease when the lock was free, else `undefined`. */
  async tryAcquire(key: string): Promise<Lease | undefined> {
    const owner = randomBytes(18).toString('base64url');
    const answer = await this.#client.set(key, owner, {
      condition: 'NX',
      expiration: { type: 'PX', value: this.#options.ttlMs },
    });
    if (answer !== 'OK') return undefined;
    return {
      key,
      owner,
      release: async () =>
        Number(await this.#client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [owner] })) === 1,
    };
  }

  /**
   * The lease, once the lock is free; rejects with `session_lock_timeout` after `waitMs` (and with
   * the client's error when Redis fails).
   */
  async acquire(key: string): Promise<Lease> {
    const deadline = Date.now() + this.#options.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      const lease = await this.tryAcquire(key);
      if (lease) return lease;
      const left = deadline - Date.now();
      if (left <= 0) throw sessionLockTimeout();
      const longest = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt);
      // Jitter: replicas that wait on the same lock do not try in step.
      await pause(Math.min(left, longest / 2 + (Math.random() * longest) / 2));
    }
  }

  /** Extends the lease's lock to a full ttl from now; resolves whether it still held it. */
  async extend(lease: Lease): Promise<boolean> {
    const answer = await this.#client.eval(EXTEND_SCRIPT, {
      keys: [lease.key],
      arguments: [lease.owner, String(this.#options.ttlMs)],
    });
    return Number(answer) === 1;
  }

  /**
   * Runs `task` holding the lock on `key`: waits for it, renews it every third of the ttl while
   * `task` runs, and releases it after (a release that fails leaves the lock to lapse).
   */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lease = await this.acquire(key);
    const { log, ttlMs } = this.#options;
    let lost = false;
    const renew = setInterval(() => {
      this.extend(lease).then(
        (held) => {
          if (!held && !lost) {
            lost = true;
            log('@sesame/bff/redis: a session lock lapsed before its holder finished');
          }
        },
        () => {
          // Redis unreachable: the task's own writes fail the same way, and the lock lapses.
        },
      );
    }, ttlMs / 3);
    renew.unref();
    try {
      return await task();
    } finally {
      clearInterval(renew);
      await lease.release().then(
        (released) => {
          if (!released && !lost) log('@sesame/bff/redis: a session lock lapsed before release');
        },
        () => log('@sesame/bff/redis: a session lock could not be released; it will lapse'),
      );
    }
  }
}
