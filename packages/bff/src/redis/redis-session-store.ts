// The BFF's sessions in Redis, shared by every replica: each record is JSON sealed with AES-256-GCM
// (record-cipher.ts) and written with its lifetime as Redis expiry (SET PX), a sign-in is taken once
// (GETDEL), and a session's writes hold a Redis lock (redis-lock.ts). On node-redis (@redis/client),
// Redis's own client, configured to fail fast: no offline queue, a time limit on every command,
// reconnection forever with a capped backoff. A Redis that is down or hung makes the BFF answer
// 503 `session_store_unavailable` with Retry-After, and the sessions are there when it returns.
import { createClient, type RedisClientOptions } from '@redis/client';
import { BffError } from '../errors';
import type { JsonObject } from '../json';
import { describe } from '../log';
import { sessionStoreUnavailable, type SessionStore } from '../session-store';
import { open, seal, sealingKeys, type SealingKey } from './record-cipher';
import { RedisLock, type LockClient } from './redis-lock';

/** Settings of {@link redisSessionStore}. */
export interface RedisSessionStoreOptions {
  /**
   * The Redis server: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Keep
   * the password out of source control (an environment variable).
   */
  url: string;
  /**
   * The key that encrypts every record at rest (AES-256-GCM): 32 random bytes in base64
   * (`openssl rand -base64 32`), the same on every replica. For rotation, a list: records are
   * written with the first and read with whichever wrote them; drop an old key once every record
   * it wrote has expired (the absolute session lifetime). Missing or malformed: throws
   * `invalid_options` at start. A record no key opens reads as no session (the user signs in
   * again) and is logged without its content.
   */
  encryptionKey: string | readonly string[];
  /** Prefix of every key the BFF writes, so that it can share a Redis. Default `'sesame:bff:'`. */
  keyPrefix?: string;
  /**
   * Time limit of one Redis command, in ms: a hung Redis answers 503 after this rather than
   * holding requests. Default 1,000.
   */
  commandTimeoutMs?: number;
  /** Time limit of one connection attempt, in ms. Default 2,000. */
  connectTimeoutMs?: number;
  /**
   * How long a session's lock lives without its holder renewing it (a replica that died while
   * refreshing), in ms. Its holder renews it while it works. Default 10,000.
   */
  lockTtlMs?: number;
  /**
   * How long a request waits for a session's lock held by another replica before it answers 503
   * `session_lock_timeout`, in ms. More than `lockTtlMs`, so a dead holder's lock lapses first.
   * Default 15,000.
   */
  lockWaitMs?: number;
  /**
   * Other node-redis client options (TLS certificates, `username`, `database`, `RESP`...), passed
   * to `createClient`. `url`, `disableOfflineQueue` and the socket's `connectTimeout` and
   * `reconnectStrategy` are this store's.
   */
  clientOptions?: Omit<RedisClientOptions, 'url' | 'disableOfflineQueue'>;
  /**
   * Connection warnings (lost, back), records that failed to open, locks that lapsed. Pass the
   * BFF's `logger`. Never a token, a key or a record's content. Default: silent.
   */
  logger?: (line: string) => void;
}

/** Commands as the store calls them: any failure is `session_store_unavailable`. */
interface Commands extends LockClient {
  get(key: string): Promise<string | null>;
  getDel(key: string): Promise<string | null>;
  setPx(key: string, value: string, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new BffError(
      'invalid_options',
      `redisSessionStore: ${name} must be a positive whole number of ms, got ${String(value)}.`,
    );
  }
  return value;
}

/** Reconnection: 50 ms, doubling, at most 2 s, with jitter; never gives up (Redis comes back). */
const reconnectDelay = (retries: number): number =>
  Math.round(Math.min(2000, 50 * 2 ** Math.min(retries, 6)) * (0.75 + Math.random() / 4));

/**
 * A {@link SessionStore} in Redis for BFF replicas. Made by {@link redisSessionStore}; connects at
 * once and reconnects by itself.
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: ReturnType<typeof createClient>;
  readonly #commands: Commands;
  readonly #keys: SealingKey[];
  readonly #prefix: string;
  readonly #lock: RedisLock;
  readonly #log: (line: string) => void;
  readonly #connected: Promise<void>;
  /** Settles on the next 'ready' event: what commands wait on while the client (re)connects. */
  #nextReady: { promise: Promise<void>; resolve: () => void } | undefined;
  #closed = false;

  constructor(options: RedisSessionStoreOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new BffError('invalid_options', 'redisSessionStore needs { url, encryptionKey }.');
    }
    if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
      throw new BffError(
        'invalid_options',
        'redisSessionStore: url must be a Redis URL, e.g. "redis://127.0.0.1:6379" (or rediss:// for TLS).',
      );
    }
    this.#keys = sealingKeys(options.encryptionKey, 'redisSessionStore: encryptionKey');
    this.#prefix = options.keyPrefix ?? 'sesame:bff:';
    const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 1000);
    const connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs, 2000);
    const lockTtlMs = positive('lockTtlMs', options.lockTtlMs, 10_000);
    const lockWaitMs = positive('lockWaitMs', options.lockWaitMs, 15_000);
    this.#log = options.logger ?? (() => {});

    const clientOptions = options.clientOptions ?? {};
    this.#client = createClient({
      ...clientOptions,
      url: options.url,
      // A command while disconnected fails at once (503) instead of waiting for a reconnection.
      disableOfflineQueue: true,
      socket: {
        ...clientOptions.socket,
        connectTimeout: connectTimeoutMs,
        reconnectStrategy: reconnectDelay,
      } as NonNullable<RedisClientOptions['socket']>,
    });
    this.#watchConnection();
    // Every command has a time limit, also once sent: a hung Redis must not hold requests.
    const client = this.#client.withCommandOptions({
      timeout: commandTimeoutMs,
      rejectInFlight: true,
    });
    const guard = async <T>(run: () => Promise<T>): Promise<T> => {
      try {
        if (this.#closed) throw new Error('The store was closed.');
        await this.#connection(commandTimeoutMs);
        return await run();
      } catch (error) {
        throw sessionStoreUnavailable(error);
      }
    };
    this.#commands = {
      get: (key) => guard(() => client.get(key)),
      getDel: (key) => guard(() => client.getDel(key)),
      setPx: (key, value, ttlMs) =>
        guard(async () => {
          await client.set(key, value, { expiration: { type: 'PX', value: ttlMs } });
        }),
      del: (key) =>
        guard(async () => {
          await client.del(key);
        }),
      set: (key, value, setOptions) => guard(() => client.set(key, value, setOptions)),
      eval: (script, evalOptions) => guard(() => client.eval(script, evalOptions)),
    };
    this.#lock = new RedisLock(this.#commands, {
      ttlMs: lockTtlMs,
      waitMs: lockWaitMs,
      log: this.#log,
    });
    // Connects in the background: the BFF starts (and answers 503) while Redis is not there yet.
    this.#connected = this.#client.connect().then(
      () => undefined,
      (error: unknown) => {
        if (!this.#closed) this.#log(`@sesame/bff/redis: connection failed (${describe(error)})`);
      },
    );
  }

  /**
   * Resolves when the client is connected, waiting up to `ms` for a connection being made (at
   * start, or a reconnection after a blip): commands are never queued for longer than that.
   */
  #connection(ms: number): Promise<void> {
    if (this.#client.isReady) return Promise.resolve();
    if (!this.#nextReady) {
      let resolve!: () => void;
      const promise = new Promise<void>((settle) => (resolve = settle));
      this.#nextReady = { promise, resolve };
    }
    const ready = this.#nextReady.promise;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Not connected to Redis within ${ms} ms.`)),
        ms,
      );
      void ready.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Logs when the connection is lost and when it is back, once each (not every retry). */
  #watchConnection(): void {
    let down = false;
    this.#client.on('error', (error: unknown) => {
      // node-redis emits every socket error here; without a listener Node would crash.
      if (!down && !this.#closed) {
        down = true;
        this.#log(`@sesame/bff/redis: Redis unavailable, reconnecting (${describe(error)})`);
      }
    });
    this.#client.on('ready', () => {
      if (down) this.#log('@sesame/bff/redis: Redis available again');
      down = false;
      this.#nextReady?.resolve();
      this.#nextReady = undefined;
    });
  }

  /** Resolves once the first connection is made (or failed for good); the store works without it. */
  ready(): Promise<void> {
    return this.#connected;
  }

  /** Whether the client is connected now. */
  get isReady(): boolean {
    return this.#client.isReady;
  }

  async get(key: string): Promise<JsonObject | undefined> {
    return this.#open(key, await this.#commands.get(this.#prefix + key));
  }

  async set(key: string, value: JsonObject, ttlMs: number): Promise<void> {
    const sealed = seal(this.#keys, key, JSON.stringify(value));
    await this.#commands.setPx(this.#prefix + key, sealed, Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.#commands.del(this.#prefix + key);
  }

  async take(key: string): Promise<JsonObject | undefined> {
    return this.#open(key, await this.#commands.getDel(this.#prefix + key));
  }

  withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#lock.run(`${this.#prefix}lock:${key}`, task);
  }

  /** Closes the connection (pending commands finish first). The store answers 503 afterwards. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#client.isOpen) await this.#client.close();
  }

  /** The record, or `undefined` when there is none or it does not open (logged, never its content). */
  #open(key: string, sealed: string | null): JsonObject | undefined {
    if (sealed === null) return undefined;
    const opened = open(this.#keys, key, sealed);
    // The kind of record (session, login), never the key's hash or anything of the value.
    const kind = key.split(':')[0];
    if (!opened.ok) {
      this.#log(
        `@sesame/bff/redis: a ${kind} record could not be decrypted (${opened.reason}): read as none. Is encryptionKey the same on every replica?`,
      );
      return undefined;
    }
    try {
      const value: unknown = JSON.parse(opened.plaintext);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return value as JsonObject;
      }
    } catch {
      // Sealed by us, so JSON: reaching here means a bug, not an attack (GCM authenticated it).
    }
    this.#log(`@sesame/bff/redis: a ${kind} record is not a JSON object`);
    return undefined;
  }
}

/**
 * The BFF's sessions in Redis, for several replicas: records encrypted with `encryptionKey`
 * (AES-256-GCM), their lifetimes as Redis expiry, one refresh per session across replicas (a Redis
 * lock), and 503 `session_store_unavailable` with `Retry-After` while Redis is down. Needs
 * `@redis/client` (node-redis) installed next to `@sesame/bff`. Checks its options at once: a
 * missing or malformed key throws {@link BffError} `invalid_options`.
 *
 * @example
 * import { createBff } from '@sesame/bff';
 * import { redisSessionStore } from '@sesame/bff/redis';
 *
 * const bff = createBff({
 *   // ...issuer, clientId, clientPrivateKey, redirectUri, allowedOrigins, apis...
 *   sessionStore: redisSessionStore({
 *     url: process.env.REDIS_URL!, // redis://redis.internal:6379
 *     encryptionKey: process.env.BFF_SESSION_KEY!, // openssl rand -base64 32
 *     logger: console.warn,
 *   }),
 * });
 */
export function redisSessionStore(options: RedisSessionStoreOptions): RedisSessionStore {
  return new RedisSessionStore(options);
}
