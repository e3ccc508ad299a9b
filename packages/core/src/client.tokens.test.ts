import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthClient } from './client';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { APP, makeClient, resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await idp.stop();
});

const userKey = () => `sesame.user:bank-dashboard@${idp.issuer}`;
/** Makes the stored access token look expired (as if the page had been closed for a while). */
function expireStoredToken(storage: Storage = sessionStorage) {
  const stored = JSON.parse(storage.getItem(userKey())!);
  storage.setItem(
    userKey(),
    JSON.stringify({ ...stored, expires_at: Math.floor(Date.now() / 1000) - 5 }),
  );
}

describe('getAccessToken', () => {
  it('returns a fresh token without any request', async () => {
    const { client } = await signedIn(idp);
    const token = await client.getAccessToken();
    expect(token).toBe(client.peekAccessToken());
    expect(idp.counters.refresh_token).toBe(0);
  });

  it('rejects with login_required and makes no request when nobody is signed in', async () => {
    const { client } = makeClient(idp);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refreshes a stale token once for 50 concurrent callers, who all get the new token', async () => {
    const { client } = await signedIn(idp, { refreshBeforeExpirySeconds: 600 }); // 300 s tokens are stale
    const old = client.peekAccessToken();
    const refreshed = vi.fn();
    client.onTokenRefreshed(refreshed);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getAccessToken()));
    expect(idp.counters.refresh_token).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old);
    expect(tokens[0]).toBe(client.peekAccessToken());
    expect(refreshed).toHaveBeenCalledTimes(1);
    expect(refreshed.mock.calls[0]![0]).toBe(client.getSnapshot().user);
  });

  it('refreshes once for 20 callers that saw the same rejected token, and not again afterwards', async () => {
    const { client } = await signedIn(idp);
    const rejectedToken = client.peekAccessToken()!;
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => client.getAccessToken({ forceRefresh: { rejectedToken } })),
    );
    expect(idp.counters.refresh_token).toBe(1);
    expect(new Set(tokens)).toEqual(new Set([client.peekAccessToken()]));
    // A late caller with the same rejected token gets the new one without another refresh.
    await client.getAccessToken({ forceRefresh: { rejectedToken } });
    expect(idp.counters.refresh_token).toBe(1);
    await Promise.all([client.getAccessToken({ forceRefresh: true }), client.getAccessToken()]);
    expect(idp.counters.refresh_token).toBe(2);
  });

  it('keeps the profile object across refreshes, so name selectors do not change', async () => {
    const { client } = await signedIn(idp);
    const before = client.getSnapshot();
    idp.setAccessTokenTtl(600); // a new expiry, so the snapshot must change
    await client.getAccessToken({ forceRefresh: true });
    const after = client.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.user!.profile).toBe(before.user!.profile);
    expect(after.user!.scopes).toBe(before.user!.scopes);
    expect(client.getSnapshot()).toBe(after);
  });

  it('signs out with login_required when the IdP rejects the refresh token (invalid_grant)', async () => {
    const { client } = await signedIn(idp);
    const changes: unknown[] = [];
    client.onUserChanged((prev, next) => changes.push([prev, next]));
    idp.revokeAll();
    const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'login_required',
      oauthError: 'invalid_grant',
      retryable: false,
    });
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
    expect(sessionStorage.getItem(userKey())).toBeNull();
    expect(changes).toEqual([['usr_jane_doe', null]]);
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
    expect(idp.counters.refresh_token).toBe(1);
  });

  it.each([
    'invalid_request',
    'invalid_client',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
  ])(
    'a refresh answered %s (not invalid_grant) ends the session too: one refresh, then none',
    async (oauthError) => {
      await idp.stop();
      idp = await startFakeIdp({ deadRefreshTokenError: oauthError });
      const { client } = await signedIn(idp);
      idp.revokeAll();
      const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'login_required', oauthError, retryable: false });
      expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
      await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
      expect(idp.counters.refresh_token).toBe(1);
    },
  );

  it.each(['down', '500'] as const)(
    'reports network_error and stays signed in when the IdP is %s',
    async (mode) => {
      const { client } = await signedIn(idp);
      const before = client.getSnapshot();
      idp.setMode(mode);
      const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'network_error', retryable: true, step: 'refresh' });
      expect(client.getSnapshot()).toBe(before);
      idp.setMode('up');
      await expect(client.getAccessToken({ forceRefresh: true })).resolves.toBeTruthy();
    },
  );

  it('times out a hanging token request as network_error', async () => {
    const { client } = await signedIn(idp, { fetchTimeoutMs: 200 });
    const hang = await import('node:http').then(({ createServer }) =>
      createServer(() => {}).listen(0, '127.0.0.1'),
    );
    await new Promise((r) => hang.once('listening', r));
    const port = (hang.address() as { port: number }).port;
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) =>
      realFetch(String(input).replace(idp.issuer, `http://127.0.0.1:${port}`), init),
    );
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(client.getSnapshot().status).toBe('authenticated');
    hang.closeAllConnections();
    hang.close();
  });
});

describe('initialize', () => {
  it('loads a stored session and refreshes an access token that expired while the page was closed', async () => {
    await signedIn(idp);
    expireStoredToken();
    const { client } = makeClient(idp);
    const statuses: string[] = [];
    client.subscribe(() => statuses.push(client.getSnapshot().status));
    await client.initialize();
    await client.initialize(); // idempotent
    expect(idp.counters.refresh_token).toBe(1);
    expect(client.getSnapshot().status).toBe('authenticated');
    expect(client.getSnapshot().user!.accessTokenExpiresAt).toBeGreaterThan(Date.now());
    expect(statuses[0]).toBe('authenticated');
    expect(statuses).not.toContain('unauthenticated');
  });

  it('settles as unauthenticated when nothing is stored, and ignores a corrupt entry', async () => {
    sessionStorage.setItem(userKey(), '{not json');
    const { client } = makeClient(idp);
    await client.initialize();
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null });
    expect(sessionStorage.getItem(userKey())).toBeNull();
  });

  it('ends an expired session that has no refresh token with login_required', async () => {
    await signedIn(idp);
    const stored = JSON.parse(sessionStorage.getItem(userKey())!);
    delete stored.refresh_token;
    sessionStorage.setItem(userKey(), JSON.stringify(stored));
    expireStoredToken();
    const { client } = makeClient(idp);
    await client.initialize();
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'login_required' },
    });
    expect(idp.counters.refresh_token).toBe(0);
  });

  it('keeps tokens where the storage setting says', async () => {
    const { client } = await signedIn(idp, { storage: 'memory' });
    expect(sessionStorage.length + localStorage.length).toBe(0);
    expect(await client.getAccessToken()).toBeTruthy();
    await signedIn(idp, { storage: 'local' });
    expect(localStorage.getItem(userKey())).toContain('access_token');
    expect(sessionStorage.getItem(userKey())).toBeNull();
  });
});

describe('signOut', () => {
  it('revokes the refresh token, clears storage, publishes unauthenticated, then RP-initiated logout', async () => {
    const { client, navigate } = await signedIn(idp);
    const stored = JSON.parse(sessionStorage.getItem(userKey())!);
    const changes: unknown[] = [];
    client.onUserChanged((prev, next) => changes.push([prev, next]));
    await client.signOut();
    expect(idp.counters.revocations).toBe(2);
    // No token left; only the logout's state, checked when the IdP sends the browser back.
    expect(Object.keys(sessionStorage)).toEqual([`sesame.signout:bank-dashboard@${idp.issuer}`]);
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null });
    expect(changes).toEqual([['usr_jane_doe', null]]);
    // RP-initiated logout by POST: the ID token travels in the form, in no URL.
    const [action, form] = navigate.mock.calls.at(-1)!;
    expect(action).toBe(`${idp.issuer}/logout`);
    expect(form?.get('id_token_hint')).toBe(stored.id_token);
    expect(form?.get('post_logout_redirect_uri')).toBe(`${APP}/`);
    // The old refresh token no longer works at the IdP.
    const res = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stored.refresh_token,
      }),
    });
    expect(res.status).toBe(400);
  });

  it('accepts unsupported_token_type for the access token (RFC 7009)', async () => {
    const lenient = await startFakeIdp({ accessTokensNotRevocable: true });
    const messages: string[] = [];
    const { client } = await signedIn(lenient, {
      logger: { debug: (message) => void messages.push(message) },
    });
    await expect(client.signOut({ redirect: false })).resolves.toBeUndefined();
    expect(lenient.counters.revocations).toBe(2);
    expect(messages).not.toContain('token revocation failed'); // the server's answer, not a failure
    await lenient.stop();
  });

  it('skips the IdP round-trip with redirect: false', async () => {
    const { client, navigate } = await signedIn(idp);
    navigate.mockClear();
    await client.signOut({ redirect: false });
    expect(navigate).not.toHaveBeenCalled();
    expect(idp.counters.revocations).toBe(2);
  });
});

describe('background renewal', () => {
  it('renews shortly before expiry while visible, and when the tab becomes visible with a stale token', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await signedIn(idp, { autoRenew: true });
    // 300 s token, 30 s window: the timer fires at 270 s.
    await vi.advanceTimersByTimeAsync(269_000);
    expect(idp.counters.refresh_token).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.waitFor(() => expect(idp.counters.refresh_token).toBe(1));
    // Hidden tab: the timer does nothing; becoming visible renews the stale token.
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    await vi.advanceTimersByTimeAsync(300_000);
    expect(idp.counters.refresh_token).toBe(1);
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(idp.counters.refresh_token).toBe(2));
    client.dispose();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(idp.counters.refresh_token).toBe(2);
  });

  it('with autoRenew: false, neither the timer nor a tab becoming visible renews', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await signedIn(idp, { autoRenew: false });
    await vi.advanceTimersByTimeAsync(400_000); // past expiry: the token is stale
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(idp.counters.refresh_token).toBe(0);
    // The next token request refreshes it, as without background renewal.
    await client.getAccessToken();
    expect(idp.counters.refresh_token).toBe(1);
    client.dispose();
  });
});

describe('without a browser', () => {
  it('creates a client that reports loading and rejects browser commands', async () => {
    const client = createAuthClient({
      authority: idp.issuer,
      client_id: 'x',
      redirect_uri: `${APP}/callback`,
    });
    expect(client.getSnapshot().status).toBe('loading');
    expect(client.peekAccessToken()).toBeNull();
  });
});
