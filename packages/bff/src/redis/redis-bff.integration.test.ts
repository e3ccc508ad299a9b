// The BFF on the Redis session store, against the real IdP (bank-bff: PAR, private_key_jwt, DPoP)
// and the real bank API, with a real redis-server: sign-in and the proxy, nothing readable in
// Redis, a restart, replicas sharing sessions and refreshing once, Redis down or hung (503 with
// Retry-After, the session kept), a wrong key, a lock held by a dead replica.
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { startRedis, type RunningRedis } from '@sesame/test-stack/redis-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from '../bff';
import { sessionKey } from '../session-record';
import { startBffStack, type BffStack } from '../test-support/stack';
import type { TestBrowser } from '../test-support/browser';
import {
  redisSessionStore,
  type RedisSessionStore,
  type RedisSessionStoreOptions,
} from './redis-session-store';

const encryptionKey = randomBytes(32).toString('base64');
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

let redis: RunningRedis;
let raw: ReturnType<typeof createClient>;
let stack: BffStack;
const storeLogs: string[] = [];
const closers: (() => Promise<void>)[] = [];

/** A store on its own connection to the test's Redis, as each replica has. */
function newStore(options: Partial<RedisSessionStoreOptions> = {}) {
  const store = redisSessionStore({
    url: redis.url,
    encryptionKey,
    commandTimeoutMs: 300,
    lockTtlMs: 2000,
    logger: (line) => storeLogs.push(line),
    ...options,
  });
  closers.push(() => store.close());
  return store;
}

/** Another replica of the stack's BFF: same options, its own store connection and locks. */
function replica(options: Partial<RedisSessionStoreOptions> = {}) {
  const store = newStore(options);
  return { store, bff: createBff({ ...stack.bffOptions, sessionStore: store }) };
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every key and value in Redis, as text. */
async function redisDump(): Promise<string> {
  const entries: string[] = [];
  for (const key of await raw.keys('*')) {
    const type = await raw.type(key);
    entries.push(`${key} = ${type === 'string' ? await raw.get(key) : `(${type})`}`);
  }
  return entries.join('\n');
}

const sessionOf = (browser: TestBrowser) => sessionKey(browser.cookies.get('sesame')!);

/** The store of the stack's own BFF. */
let first: RedisSessionStore;

beforeAll(async () => {
  redis = await startRedis();
  raw = createClient({ url: redis.url });
  raw.on('error', () => {});
  await raw.connect();
  first = newStore();
  stack = await startBffStack({ bff: { sessionStore: first } });
});

afterEach(async () => {
  if (!redis.running) await redis.restart();
  await until(async () => raw.isReady);
  stack.serve(stack.bff);
});

afterAll(async () => {
  await stack.stop();
  await Promise.all(closers.map((close) => close()));
  raw.destroy();
  await redis.close();
});

describe('the BFF on Redis', () => {
  it('signs in and proxies, with nothing in Redis readable as a token', async () => {
    const browser = stack.browser();
    const { callback } = await browser.signIn('jane');
    expect(callback.status).toBe(302);
    const accounts = await browser.fetch('/bff/api/bank/accounts');
    expect(accounts.status).toBe(200);
    expect(((await accounts.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);

    const stored = (await first.get(sessionOf(browser)))!;
    const secrets = [
      String(stored.accessToken),
      String(stored.refreshToken),
      String((stored.dpopKey as { privateJwk: { d: string } }).privateJwk.d),
      browser.cookies.get('sesame')!,
    ];
    const dump = await redisDump();
    expect(dump).toMatch(/^sesame:bff:session:[A-Za-z0-9_-]{43} = s1\./m);
    expect(dump).not.toMatch(JWT);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toMatch(/accessToken|refreshToken|privateJwk|"sub"/);
    // The session lives as long as its idle end, as Redis expiry.
    const ttl = await raw.pTTL(`sesame:bff:${sessionOf(browser)}`);
    expect(ttl).toBeGreaterThan(1_700_000);
    expect(ttl).toBeLessThanOrEqual(1_800_000);
  });

  it('keeps the sign-in in progress sealed in Redis, and takes it once', async () => {
    const browser = stack.browser();
    let callbackUrl = '';
    const trip = await browser.signIn('john', {
      beforeCallback: (url) => {
        callbackUrl = url.href;
      },
    });
    expect(trip.callback.status).toBe(302);
    // A second try of the same callback finds no sign-in: it was taken (GETDEL).
    const replay = await browser.navigate(callbackUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('callback_state_mismatch');
    // A sign-in started now is in Redis, sealed: no PKCE verifier, nonce or state in clear.
    const login = await browser.navigate('/bff/login');
    expect(login.status).toBe(302);
    const pending = await redisDump();
    expect(pending).toMatch(/^sesame:bff:login:[A-Za-z0-9_-]{43} = s1\./m);
    expect(pending).not.toMatch(/codeVerifier|nonce|returnTo/);
  });

  it('keeps the session through a BFF restart (a new instance, the same Redis)', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    expect((await browser.fetch('/bff/session')).status).toBe(200);
    const restarted = replica();
    stack.serve(restarted.bff);
    const session = await browser.fetch('/bff/session');
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: { sub: string } }).user.sub).toBeTruthy();
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
  });

  it('answers 503 with Retry-After while Redis is stopped, keeps the session, and recovers by itself', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const cookie = browser.cookies.get('sesame');
    await redis.stop({ save: true });

    for (const path of ['/bff/session', '/bff/api/bank/accounts']) {
      const response = await browser.fetch(path);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(response.headers.getSetCookie()).toEqual([]);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe('session_store_unavailable');
      expect(body.error_description).not.toMatch(/at |Error|ECONNREFUSED|redis/i);
    }
    const login = await browser.navigate('/bff/login');
    expect(login.status).toBe(503);
    expect(await login.text()).toContain('data-error-code="session_store_unavailable"');
    expect(browser.cookies.get('sesame')).toBe(cookie);
    expect(stack.logs.some((line) => /503 \d+ms session_store_unavailable/.test(line))).toBe(true);

    await redis.restart();
    // No new sign-in: the same cookie works again once the client has reconnected.
    await until(async () => (await browser.fetch('/bff/session')).status === 200);
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect(browser.cookies.get('sesame')).toBe(cookie);
  });

  it('answers 503 quickly while Redis hangs (SIGSTOP), then goes on', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    redis.pause();
    try {
      const started = Date.now();
      const response = await browser.fetch('/bff/api/bank/accounts');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBeTruthy();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      redis.resume();
    }
    await until(async () => (await browser.fetch('/bff/api/bank/accounts')).status === 200);
  });

  it('refreshes once for concurrent stale requests through two replicas sharing Redis', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const one = replica();
    const two = replica();
    stack.serve(one.bff, two.bff);
    const key = sessionOf(browser);
    const stored = (await one.store.get(key))!;
    await one.store.set(key, { ...stored, accessTokenRefreshAt: Date.now() - 1 }, 600_000);
    const refreshesBefore = stack.refreshes();
    const grantErrorsBefore = stack.idp.counters().tokenErrors.invalid_grant ?? 0;

    const answers = await Promise.all(
      Array.from({ length: 24 }, () => browser.fetch('/bff/api/bank/accounts')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(stack.refreshes() - refreshesBefore).toBe(1);
    expect((stack.idp.counters().tokenErrors.invalid_grant ?? 0) - grantErrorsBefore).toBe(0);
    const after = (await two.store.get(key))!;
    expect(after.refreshToken).not.toBe(stored.refreshToken);
    expect(after.accessToken).not.toBe(stored.accessToken);
  });

  it('2 replicas x 50 concurrent API calls at token expiry: one refresh at the IdP, no invalid_grant, 100 successes', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const one = replica();
    const two = replica();
    stack.serve(one.bff, two.bff); // round robin: 50 requests each
    const key = sessionOf(browser);
    const stored = (await one.store.get(key))!;
    // The access token has expired (not merely due for refresh): no replica may use it as it is.
    const now = Date.now();
    await one.store.set(
      key,
      { ...stored, accessTokenRefreshAt: now - 1000, accessTokenExpiresAt: now - 1 },
      600_000,
    );
    const countersBefore = stack.idp.counters();
    const bankCallsBefore = stack.api.requestLog.length;

    const answers = await Promise.all(
      Array.from({ length: 100 }, () => browser.fetch('/bff/api/bank/accounts')),
    );
    const counters = stack.idp.counters();
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(100);
    expect(counters.tokenRequests.refresh_token - countersBefore.tokenRequests.refresh_token).toBe(
      1,
    );
    expect(counters.tokenErrors.invalid_grant ?? 0).toBe(
      countersBefore.tokenErrors.invalid_grant ?? 0,
    );
    // Every call reached the bank with the one new token: none was refused and retried.
    const bankCalls = stack.api.requestLog.slice(bankCallsBefore);
    expect(bankCalls.map((entry) => entry.status)).toEqual(bankCalls.map(() => 200));
    expect(bankCalls).toHaveLength(100);
    const after = (await two.store.get(key))!;
    expect(after.refreshToken).not.toBe(stored.refreshToken);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(now);
  });

  it('waits for a lock left by a dead replica until it lapses, then refreshes once', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const key = sessionOf(browser);
    const stored = (await first.get(key))!;
    await first.set(key, { ...stored, accessTokenRefreshAt: Date.now() - 1 }, 600_000);
    // A replica took the lock and died before releasing it.
    await raw.set(`sesame:bff:lock:${key}`, 'dead-replica', {
      expiration: { type: 'PX', value: 600 },
    });
    const before = stack.refreshes();
    const started = Date.now();
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(stack.refreshes() - before).toBe(1);
  });

  it('answers 503 session_lock_timeout with Retry-After when another replica keeps the lock too long', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const impatient = replica({ lockWaitMs: 300 });
    stack.serve(impatient.bff);
    const key = sessionOf(browser);
    const stored = (await impatient.store.get(key))!;
    await impatient.store.set(key, { ...stored, accessTokenRefreshAt: Date.now() - 1 }, 600_000);
    await raw.set(`sesame:bff:lock:${key}`, 'busy-replica', {
      expiration: { type: 'PX', value: 5000 },
    });
    const before = stack.refreshes();
    const response = await browser.fetch('/bff/api/bank/accounts');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { error: string }).error).toBe('session_lock_timeout');
    expect(stack.refreshes()).toBe(before);
    await raw.del(`sesame:bff:lock:${key}`);
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
  });

  it('reads a session sealed with another key as none (401), logging no content', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const cookie = browser.cookies.get('sesame')!;
    storeLogs.length = 0;
    const misconfigured = replica({ encryptionKey: randomBytes(32).toString('base64') });
    stack.serve(misconfigured.bff);
    const response = await browser.fetch('/bff/session');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('login_required');
    expect(storeLogs.join('\n')).toMatch(/session record could not be decrypted \(unknown_key\)/);
    expect(storeLogs.join('\n')).not.toMatch(JWT);
    expect(storeLogs.join('\n')).not.toContain(cookie);
    // The record is left alone: the replicas with the right key still serve it.
    stack.serve(stack.bff);
    browser.cookies.set('sesame', cookie);
    expect((await browser.fetch('/bff/session')).status).toBe(200);
  });
});
