// The IdP down: token requests that fail with a network error back off (2 s, 4 s, … 30 s ±20 %),
// callers meanwhile get the last error at once, and the session recovers by itself when the IdP
// answers again. Math.random is pinned to 0.5: back-off delays are exact (2 s, 4 s, …) and the
// renewal timer's spread is 2.5 s.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { toAuthError } from './classify';
import type { AuthClientSettings } from './settings';
import type { AuthClient } from './types';
import { resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
let fetchSpy: MockInstance<typeof fetch>;
const clients: AuthClient[] = [];
const debug = vi.fn<(message: string, data?: Record<string, unknown>) => void>();

/** Requests sent to the token endpoint, answered or not (the fake IdP counts only answered ones). */
const tokenRequests = () =>
  fetchSpy.mock.calls.filter(([input]) => String(input).endsWith('/token')).length;
const refreshFailures = () => debug.mock.calls.filter(([message]) => message === 'refresh failed');

beforeEach(async () => {
  resetBrowser();
  debug.mockClear();
  idp = await startFakeIdp();
  fetchSpy = vi.spyOn(globalThis, 'fetch');
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000); // expiries are whole seconds
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose(); // no renewal of a past test's client
  vi.useRealTimers();
  vi.restoreAllMocks();
  await idp.stop();
});

/** Signs in; token requests are counted from then on. */
async function signIn(extra: Partial<AuthClientSettings> = {}) {
  const made = await signedIn(idp, { logger: { debug }, ...extra });
  fetchSpy.mockClear();
  clients.push(made.client);
  return made;
}

/** Waits (on the real clock) until `count` refreshes have failed, so the back-off is set. */
const failed = (count: number) => vi.waitFor(() => expect(refreshFailures()).toHaveLength(count));

describe('a down IdP', () => {
  it('gets one token request per back-off step; callers meanwhile get the last network error at once', async () => {
    // 300 s tokens with a 600 s margin: stale from the start, so every caller needs a refresh.
    const { client } = await signIn({ refreshBeforeExpirySeconds: 600 });
    const signedInState = client.getSnapshot();
    idp.setMode('down');

    const first = await client.getAccessToken().catch((error: unknown) => error);
    expect(first).toMatchObject({ code: 'network_error', step: 'refresh', retryable: true });
    expect(tokenRequests()).toBe(1);

    // 2 s of back-off: 20 callers, and one whose token the API just rejected, get that error.
    const callers = Array.from({ length: 20 }, () => client.getAccessToken());
    callers.push(client.getAccessToken({ forceRefresh: { rejectedToken: 'any' } }));
    const errors = await Promise.all(callers.map((call) => call.catch((error: unknown) => error)));
    expect(new Set(errors)).toEqual(new Set([first]));
    vi.setSystemTime(Date.now() + 1999);
    await expect(client.getAccessToken()).rejects.toBe(first);
    expect(tokenRequests()).toBe(1);

    vi.setSystemTime(Date.now() + 1); // the 2 s are over: one request, then 4 s
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'network_error' });
    expect(tokenRequests()).toBe(2);
    vi.setSystemTime(Date.now() + 3999);
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'network_error' });
    expect(tokenRequests()).toBe(2);
    vi.setSystemTime(Date.now() + 1);
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'network_error' });
    expect(tokenRequests()).toBe(3);

    // Asking for a refresh outright is a deliberate act: it is not held back.
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(tokenRequests()).toBe(4);
    // A blip is no reason to sign out.
    expect(client.getSnapshot()).toBe(signedInState);

    idp.setMode('up');
    vi.setSystemTime(Date.now() + 30_000 * 1.2);
    const token = await client.getAccessToken();
    expect(token).toBe(client.peekAccessToken());
    expect(tokenRequests()).toBe(5);
  });

  it('still hands out a token that is fresh while backing off', async () => {
    const { client } = await signIn();
    const token = client.peekAccessToken();
    idp.setMode('down');
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'network_error',
    });
    await expect(client.getAccessToken()).resolves.toBe(token);
    expect(tokenRequests()).toBe(1);
  });

  it('is retried by the renewal timer after each back-off, and the session recovers by itself', async () => {
    const { client } = await signIn({ autoRenew: true, refreshBeforeExpirySeconds: 30 });
    await client.initialize();
    const refreshed = vi.fn();
    client.onTokenRefreshed(refreshed);
    const before = client.peekAccessToken();
    idp.setMode('down');

    // The 300 s token turns stale at 270 s; the timer fires 2.5 s later (its spread).
    await vi.advanceTimersByTimeAsync(270_000 + 2400);
    expect(tokenRequests()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    await failed(1);
    for (const [failures, delay] of [
      [2, 2000],
      [3, 4000],
      [4, 8000],
    ] as const) {
      await vi.advanceTimersByTimeAsync(delay - 300);
      expect(tokenRequests()).toBe(failures - 1);
      await vi.advanceTimersByTimeAsync(400);
      await failed(failures);
    }
    expect(client.getSnapshot().status).toBe('authenticated');

    idp.setMode('up'); // the next step (16 s) brings the new token, with no caller asking
    await vi.advanceTimersByTimeAsync(16_000);
    await vi.waitFor(() => expect(refreshed).toHaveBeenCalledTimes(1));
    expect(tokenRequests()).toBe(5);
    expect(client.peekAccessToken()).not.toBe(before);
    // Back to the normal schedule: nothing until the new token turns stale.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tokenRequests()).toBe(5);
  });

  it('is tried again at once (after the online jitter) when the browser comes back online', async () => {
    const { client } = await signIn({ autoRenew: true, refreshBeforeExpirySeconds: 600 });
    await client.initialize();
    idp.setMode('down');
    await client.getAccessToken().catch(() => {});
    await failed(1);
    idp.setMode('up');
    idp.setAccessTokenTtl(3600); // the next token is fresh despite the margin
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(1100); // 1 s of online jitter, well before the 2 s back-off
    await vi.waitFor(() =>
      expect(client.getSnapshot().user!.accessTokenExpiresAt).toBeGreaterThan(
        Date.now() + 3000_000,
      ),
    );
    const token = await client.getAccessToken();
    expect(token).toBe(client.peekAccessToken());
    expect(tokenRequests()).toBe(2);
  });

  it('ends a session the IdP no longer knows, on the recovering refresh, without a redirect', async () => {
    const { client, navigate } = await signIn({
      autoRenew: true,
      refreshBeforeExpirySeconds: 600,
    });
    await client.initialize();
    idp.setMode('down');
    await client.getAccessToken().catch(() => {});
    idp.revokeAll(); // the IdP came back without the session
    idp.setMode('up');
    await vi.advanceTimersByTimeAsync(2100);
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe('unauthenticated'));
    expect(client.getSnapshot().error).toMatchObject({
      code: 'session_lost',
      cause: { code: 'login_required', oauthError: 'invalid_grant' },
    });
    // No guard leaves for the IdP on its own: the user sees "sign in again".
    expect(client.signInDecision()).toMatchObject({ code: 'session_lost' });
    expect(navigate).toHaveBeenCalledTimes(1); // the sign-in itself, nothing since
    await vi.advanceTimersByTimeAsync(120_000);
    expect(tokenRequests()).toBe(2);
  });
});

describe('network errors from the token endpoint', () => {
  it.each([
    'Service Unavailable (503)',
    'Bad Gateway (502): {}',
    'Too Many Requests (429)',
    'Too Many Requests (429): {}',
  ])('"%s" is a retryable network_error', (message) => {
    expect(toAuthError(new Error(message), 'refresh', 'refresh_failed', false)).toMatchObject({
      code: 'network_error',
      retryable: true,
      step: 'refresh',
    });
  });

  it('"Bad Request (400)" (a 4xx with no OAuth error body) is not: at refresh it ends the session', () => {
    expect(
      toAuthError(new Error('Bad Request (400)'), 'refresh', 'refresh_failed', false),
    ).toMatchObject({ code: 'login_required', retryable: false });
    // Elsewhere (the code exchange) it keeps the step's own code.
    expect(
      toAuthError(new Error('Bad Request (400)'), 'callback', 'callback_invalid', false),
    ).toMatchObject({ code: 'callback_invalid', retryable: false });
  });
});
