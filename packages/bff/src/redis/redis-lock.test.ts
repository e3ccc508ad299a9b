// The session lock against a real redis-server, contended by separate clients (separate
// connections, as two replicas would hold): one holder at a time, release by the owner only, a dead
// holder's lock lapses, a long task keeps its lock, a waiter gives up with a typed error.
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { startRedis, type RunningRedis } from '@sesame/test-stack/redis-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BffError } from '../errors';
import { RedisLock, RELEASE_SCRIPT, type LockClient, type RedisLockOptions } from './redis-lock';
import { redisSessionStore, type RedisSessionStore } from './redis-session-store';

let redis: RunningRedis;
const clients: { destroy(): void }[] = [];
const stores: RedisSessionStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(() => redis.close());

/** A lock on its own connection, as one replica has. */
async function replica(options: Partial<RedisLockOptions> = {}) {
  const client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  const log: string[] = [];
  const commands = {
    set: (...args: Parameters<LockClient['set']>) => client.set(...args),
    eval: (...args: Parameters<LockClient['eval']>) => client.eval(...args),
  };
  const lock = new RedisLock(commands, {
    ttlMs: 1000,
    waitMs: 3000,
    log: (line) => log.push(line),
    ...options,
  });
  return { client, lock, log };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lockKey = () => `test:lock:${randomBytes(6).toString('hex')}`;

describe('RedisLock', () => {
  it('lets one holder in at a time among replicas that contend', async () => {
    const replicas = await Promise.all([replica(), replica(), replica()]);
    const key = lockKey();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      replicas.flatMap(({ lock }, r) =>
        [0, 1, 2].map(() =>
          lock.run(key, async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(15);
            order.push(r);
            inside -= 1;
          }),
        ),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(9);
    expect(new Set(order)).toEqual(new Set([0, 1, 2]));
    expect(await replicas[0]!.client.exists(key)).toBe(0);
  });

  it('is released by its owner only', async () => {
    const a = await replica();
    const b = await replica();
    const key = lockKey();
    const lease = (await a.lock.tryAcquire(key))!;
    expect(lease).toBeDefined();
    expect(await b.lock.tryAcquire(key)).toBeUndefined();
    // Another owner token (a replica whose lease lapsed and was taken over) cannot delete it.
    expect(await b.lock.extend({ ...lease, owner: 'someone-else' })).toBe(false);
    const impostor = { ...lease, owner: 'someone-else' };
    expect(await b.client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [impostor.owner] })).toBe(
      0,
    );
    expect(await b.client.get(key)).toBe(lease.owner);
    expect(await lease.release()).toBe(true);
    expect(await lease.release()).toBe(false);
    expect(await b.lock.tryAcquire(key)).toBeDefined();
  });

  it('lapses when its holder dies without releasing it, and a waiter then gets it', async () => {
    const dead = await replica({ ttlMs: 400 });
    const alive = await replica({ waitMs: 3000 });
    const key = lockKey();
    expect(await dead.lock.tryAcquire(key)).toBeDefined();
    dead.client.destroy(); // the replica is gone: nobody releases or renews its lock
    const started = Date.now();
    let ran = false;
    await alive.lock.run(key, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(200);
    expect(waited).toBeLessThan(1500);
  });

  it('keeps the lock of a holder that works longer than the ttl (renewal)', async () => {
    const slow = await replica({ ttlMs: 300 });
    const other = await replica({ waitMs: 200 });
    const key = lockKey();
    const running = slow.lock.run(key, () => sleep(1000));
    await sleep(50);
    // Well past one ttl, the lock is still held: the other replica gives up.
    await sleep(500);
    const error = await other.lock.run(key, async () => 'ran').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(BffError);
    await running;
    expect(slow.log).toEqual([]);
    expect(await other.lock.run(key, async () => 'ran')).toBe('ran');
  });

  it('gives up after waitMs with a typed, retryable error, and does not run the task', async () => {
    const holder = await replica({ ttlMs: 5000 });
    const waiter = await replica({ waitMs: 250 });
    const key = lockKey();
    const lease = (await holder.lock.tryAcquire(key))!;
    let ran = false;
    const started = Date.now();
    const error = (await waiter.lock
      .run(key, async () => {
        ran = true;
      })
      .catch((reason: unknown) => reason)) as BffError;
    expect(error).toBeInstanceOf(BffError);
    expect(error.code).toBe('session_lock_timeout');
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBe(1);
    expect(ran).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(Date.now() - started).toBeLessThan(1000);
    await lease.release();
  });

  it('runs the task for the store under a lock that two stores share', async () => {
    const encryptionKey = randomBytes(32).toString('base64');
    const make = () => {
      const store = redisSessionStore({ url: redis.url, encryptionKey, lockTtlMs: 1000 });
      stores.push(store);
      return store;
    };
    const [one, two] = [make(), make()];
    let inside = 0;
    let most = 0;
    const task = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await sleep(20);
      inside -= 1;
    };
    await Promise.all([
      one.withLock('session:s', task),
      two.withLock('session:s', task),
      one.withLock('session:s', task),
      two.withLock('session:s', task),
    ]);
    expect(most).toBe(1);
    // Another session's lock is another lock.
    await Promise.all([
      one.withLock('session:s', () => sleep(200)),
      two.withLock('session:t', task),
    ]);
  });
});
