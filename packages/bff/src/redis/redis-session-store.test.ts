// The Redis session store against a real redis-server (Debian's, started on a free port): expiry,
// GETDEL, encryption at rest, a wrong key, and Redis stopped, hung and back.
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { startRedis, type RunningRedis } from '@sesame/test-stack/redis-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BffError } from '../errors';
import type { RedisSessionStore } from './redis-session-store';
import { redisSessionStore } from './redis-session-store';

const newKey = () => randomBytes(32).toString('base64');

let redis: RunningRedis;
let raw: ReturnType<typeof createClient>;
const stores: RedisSessionStore[] = [];

function makeStore(options: Partial<Parameters<typeof redisSessionStore>[0]> = {}) {
  const store = redisSessionStore({
    url: redis.url,
    encryptionKey: key,
    commandTimeoutMs: 300,
    ...options,
  });
  stores.push(store);
  return store;
}

const key = newKey();

beforeAll(async () => {
  redis = await startRedis();
  raw = createClient({ url: redis.url });
  raw.on('error', () => {});
  await raw.connect();
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  if (!redis.running) await redis.restart();
  if (!raw.isReady) await until(() => raw.isReady);
  await raw.flushAll();
});

afterAll(async () => {
  raw.destroy();
  await redis.close();
});

async function until(check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function rejection(promise: Promise<unknown>): Promise<BffError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BffError);
  return error as BffError;
}

describe('redisSessionStore', () => {
  it('checks its options at once: a missing or wrong-length key is a startup error', () => {
    const make = (options: object) => () =>
      redisSessionStore({ url: redis.url, ...options } as Parameters<typeof redisSessionStore>[0]);
    expect(make({})).toThrow(/encryptionKey is required/);
    expect(make({ encryptionKey: randomBytes(24).toString('base64') })).toThrow(
      /decodes to 24 bytes; AES-256 needs exactly 32/,
    );
    expect(make({ encryptionKey: key, url: 'http://127.0.0.1:6379' })).toThrow(/Redis URL/);
    expect(make({ encryptionKey: key, lockTtlMs: 0 })).toThrow(/lockTtlMs/);
  });

  it('gets, sets with the lifetime as Redis expiry (PX), deletes and takes once (GETDEL)', async () => {
    const store = makeStore();
    await store.ready();
    expect(await store.get('session:a')).toBeUndefined();
    await store.set('session:a', { v: 1, sub: 'jane', n: [1, 2] }, 60_000);
    expect(await store.get('session:a')).toEqual({ v: 1, sub: 'jane', n: [1, 2] });
    const ttl = await raw.pTTL('sesame:bff:session:a');
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    await store.set('session:short', { v: 1 }, 150);
    expect(await store.get('session:short')).toEqual({ v: 1 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.get('session:short')).toBeUndefined();
    expect(await raw.exists('sesame:bff:session:short')).toBe(0);

    await store.set('login:s', { v: 1, state: 's' }, 60_000);
    const [first, second] = await Promise.all([store.take('login:s'), store.take('login:s')]);
    expect([first, second].filter(Boolean)).toEqual([{ v: 1, state: 's' }]);
    expect(await raw.exists('sesame:bff:login:s')).toBe(0);

    await store.delete('session:a');
    expect(await store.get('session:a')).toBeUndefined();
    await store.delete('session:a'); // resolves when absent too
  });

  it('keeps nothing readable in Redis: every value is sealed, bound to its key', async () => {
    const store = makeStore({ keyPrefix: 'app1:' });
    const token = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.payload.signature';
    await store.set(
      'session:x',
      { v: 1, accessToken: token, refreshToken: 'rt-secret-123' },
      60_000,
    );
    const keys = await raw.keys('*');
    expect(keys).toEqual(['app1:session:x']);
    const value = (await raw.get('app1:session:x'))!;
    expect(value).toMatch(/^s1\./);
    for (const secret of ['eyJ', 'rt-secret', 'accessToken', 'payload']) {
      expect(value).not.toContain(secret);
    }
    // Copied under another key, the record does not open.
    await raw.set('app1:session:y', value);
    expect(await store.get('session:y')).toBeUndefined();
  });

  it('reads a record it cannot decrypt (another key) as none and logs no content', async () => {
    const writer = makeStore();
    await writer.set('session:k', { v: 1, accessToken: 'tok-abc' }, 60_000);
    const lines: string[] = [];
    const reader = makeStore({ encryptionKey: newKey(), logger: (line) => lines.push(line) });
    expect(await reader.get('session:k')).toBeUndefined();
    expect(await reader.take('session:k')).toBeUndefined();
    expect(lines.join('\n')).toMatch(/a session record could not be decrypted \(unknown_key\)/);
    expect(lines.join('\n')).not.toMatch(/tok-abc|s1\.|sesame:bff:session:k/);
    // Rotation: a new key first, the old one after: old records still open, new ones use the new key.
    const rotated = makeStore({ encryptionKey: [newKey(), key] });
    await writer.set('session:k', { v: 1, accessToken: 'tok-abc' }, 60_000);
    expect(await rotated.get('session:k')).toEqual({ v: 1, accessToken: 'tok-abc' });
  });

  it('fails fast with session_store_unavailable while Redis is down, and recovers by itself', async () => {
    const lines: string[] = [];
    const store = makeStore({ logger: (line) => lines.push(line) });
    await store.set('session:p', { v: 1, sub: 'jane' }, 60_000);
    await redis.stop({ save: true });
    const started = Date.now();
    const error = await rejection(store.get('session:p'));
    expect(error.code).toBe('session_store_unavailable');
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await rejection(store.set('session:q', { v: 1 }, 1000))).code).toBe(
      'session_store_unavailable',
    );
    await redis.restart();
    await until(() => store.isReady);
    expect(await store.get('session:p')).toEqual({ v: 1, sub: 'jane' });
    expect(lines.some((line) => /Redis unavailable, reconnecting/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/Redis available again/);
  });

  it('times out commands to a hung Redis (SIGSTOP) instead of queueing them', async () => {
    const store = makeStore({ commandTimeoutMs: 200 });
    await store.set('session:h', { v: 1 }, 60_000);
    redis.pause();
    try {
      const started = Date.now();
      expect((await rejection(store.get('session:h'))).code).toBe('session_store_unavailable');
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      redis.resume();
    }
    expect(await store.get('session:h')).toEqual({ v: 1 });
  });

  it('starts while Redis is down, answering unavailable until it is up', async () => {
    await redis.stop();
    const store = makeStore();
    expect((await rejection(store.get('session:z'))).code).toBe('session_store_unavailable');
    await redis.restart();
    await store.ready();
    expect(await store.get('session:z')).toBeUndefined();
  });
});
