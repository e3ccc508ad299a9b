// Idle and absolute session ends, the per-session DPoP key, and DPoP nonces at the IdP and the API.
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionKey } from './session-record';
import { startBffStack, type BffStack } from './test-support/stack';

describe('session lifetimes', () => {
  let stack: BffStack;
  beforeAll(async () => {
    stack = await startBffStack({ bff: { idleTimeoutSeconds: 600, absoluteTimeoutSeconds: 1800 } });
  });
  afterAll(() => stack.stop());
  afterEach(() => vi.useRealTimers());

  it('slides the idle end with each request and ends the session after idleTimeout without one', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const first = await (await browser.fetch('/bff/session')).json();
    vi.setSystemTime(start + 400_000);
    const later = await (await browser.fetch('/bff/session')).json();
    expect(later.idleExpiresAt).toBeGreaterThanOrEqual(first.idleExpiresAt + 390_000);
    vi.setSystemTime(start + 900_000);
    expect((await browser.fetch('/bff/session')).status).toBe(200);
    vi.setSystemTime(start + 900_000 + 600_001);
    const ended = await browser.fetch('/bff/session');
    expect(ended.status).toBe(401);
    expect(ended.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
  });

  it('ends the session at the absolute end however active it is', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    for (let t = 300_000; t < 1_800_000; t += 300_000) {
      vi.setSystemTime(start + t);
      expect((await browser.fetch('/bff/session')).status, `at ${t} ms`).toBe(200);
    }
    vi.setSystemTime(start + 1_800_001);
    expect((await browser.fetch('/bff/session')).status).toBe(401);
    expect(
      await stack.store.get(sessionKey(browser.cookies.get('sesame') ?? 'x'.repeat(43))),
    ).toBeUndefined();
  });
});

describe('DPoP keys and nonces', () => {
  let stack: BffStack;
  beforeAll(async () => {
    stack = await startBffStack({ idp: { dpopNonce: true }, api: { dpopNonce: true } });
  });
  afterAll(() => stack.stop());

  it('binds each session to its own key', async () => {
    const jkts = [];
    for (const user of ['jane', 'john'] as const) {
      const browser = stack.browser();
      await browser.signIn(user);
      const stored = (await stack.store.get(sessionKey(browser.cookies.get('sesame')!)))!;
      jkts.push((decodeJwt(String(stored.accessToken)).cnf as { jkt: string }).jkt);
    }
    expect(jkts[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jkts[1]).not.toBe(jkts[0]);
  });

  it('answers the IdP’s and the API’s nonce challenges (sign-in, refresh, API calls)', async () => {
    const browser = stack.browser();
    const { callback } = await browser.signIn('jane');
    expect(callback.status).toBe(302);
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    const key = sessionKey(browser.cookies.get('sesame')!);
    const stored = (await stack.store.get(key))!;
    await stack.store.set(key, { ...stored, accessTokenRefreshAt: Date.now() - 1 }, 60_000);
    const before = stack.refreshes();
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect(stack.refreshes()).toBeGreaterThan(before);
    expect(stack.idp.counters().tokenErrors.invalid_grant ?? 0).toBe(0);
    // The challenges did happen, and each was answered: the IdP's at /token, the API's once.
    expect(stack.idp.counters().tokenErrors.use_dpop_nonce).toBeGreaterThan(0);
    expect(
      stack.api.requestLog.filter((entry) => entry.error === 'use_dpop_nonce').length,
    ).toBeGreaterThan(0);
  });
});
