import { describe, expect, it, vi } from 'vitest';
import { AuthError, isAuthError, type IdTokenClaims } from '@sesame/core';
import { createMockAuthClient } from './mock-client';

interface BankClaims extends IdTokenClaims {
  customer_id: string;
}

describe('createMockAuthClient', () => {
  it('starts signed out by default, and signed in with typed claims when given a user', () => {
    expect(createMockAuthClient().getSnapshot()).toEqual({
      status: 'unauthenticated',
      user: null,
      error: null,
    });
    const mock = createMockAuthClient<BankClaims>({
      user: { sub: 'jane', name: 'Jane Doe', customer_id: 'c-1' },
      scopes: ['openid', 'accounts:read'],
    });
    const state = mock.getSnapshot();
    expect(state.status).toBe('authenticated');
    const customer: string | undefined = state.user?.profile.customer_id;
    expect(customer).toBe('c-1');
    expect(state.user).toMatchObject({ sub: 'jane', scopes: ['openid', 'accounts:read'] });
    expect(state.user?.profile).toMatchObject({
      sub: 'jane',
      name: 'Jane Doe',
      iss: expect.any(String),
    });
    expect(mock.peekAccessToken()).toBe('mock.jane.1');
  });

  it('starts in any state it is asked for', () => {
    expect(createMockAuthClient({ status: 'loading' }).getSnapshot().status).toBe('loading');
    const failed = createMockAuthClient({ status: 'error' }).getSnapshot();
    expect(failed.status).toBe('error');
    expect(isAuthError(failed.error, 'callback_error')).toBe(true);
    const ended = createMockAuthClient({ error: 'login_required' }).getSnapshot();
    expect(ended).toMatchObject({ status: 'unauthenticated', error: { code: 'login_required' } });
    expect(() => createMockAuthClient({ status: 'authenticated' })).toThrow(/needs a user/);
  });

  it('records the commands the app calls', async () => {
    const mock = createMockAuthClient({ user: { sub: 'jane' } });
    await mock.initialize();
    await mock.signIn({ returnTo: '/accounts', prompt: 'login' });
    await mock.getAccessToken();
    await mock.signOut({ redirect: false });
    expect(mock.calls).toMatchObject({
      initialize: 1,
      signIn: [{ returnTo: '/accounts', prompt: 'login' }],
      getAccessToken: [{}],
      signOut: [{ redirect: false }],
    });
    // signOut() ends the session, as core's does locally; signIn() stays put, as a redirect would.
    expect(mock.getSnapshot().status).toBe('unauthenticated');
    mock.resetCalls();
    expect(mock.calls.signIn).toHaveLength(0);
    expect(mock.calls.initialize).toBe(0);
  });

  it('signs in as `signInAs` when the app calls signIn(), if asked to', async () => {
    const mock = createMockAuthClient({ signInAs: { sub: 'john' } });
    await mock.signIn();
    expect(mock.getSnapshot().user?.sub).toBe('john');
  });

  it('refuses an automatic sign-in right after the last one, as core does (no redirect loops)', async () => {
    let now = 1_000_000;
    const mock = createMockAuthClient({ now: () => now });
    await mock.signIn({ returnTo: '/a', auto: true });
    expect(mock.getSnapshot().status).toBe('unauthenticated');
    await mock.signIn({ returnTo: '/a', auto: true });
    expect(mock.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'redirect_loop_prevented' },
    });
    await mock.signIn({ returnTo: '/a' }); // the user asked: always allowed
    now += 60_000;
    mock.expireSession();
    await mock.signIn({ returnTo: '/a', auto: true });
    expect(mock.getSnapshot().status).toBe('unauthenticated');
    expect(mock.calls.signIn).toHaveLength(4);
  });

  it('endSession() is a sign-out in another tab, as core reports it: automatic sign-ins stay put', async () => {
    const mock = createMockAuthClient({ user: { sub: 'jane' }, signInAs: { sub: 'jane' } });
    mock.endSession();
    expect(mock.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { name: 'AuthError', code: 'signed_out_elsewhere', step: 'sign_out' },
    });
    await mock.signIn({ auto: true });
    expect(mock.getSnapshot().status).toBe('unauthenticated');
    await mock.signIn(); // the user asked
    expect(mock.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'jane' } });
    expect(mock.calls.signIn).toEqual([{ auto: true }, {}]);
  });

  it('tells user-change listeners before subscribers, as core does', () => {
    const mock = createMockAuthClient({ user: { sub: 'jane' } });
    const order: string[] = [];
    mock.onUserChanged((prev, next) => order.push(`user ${prev}→${next}`));
    mock.subscribe(() => order.push(`render ${mock.getSnapshot().user?.sub ?? 'nobody'}`));
    mock.signInAs({ sub: 'john' });
    mock.refreshToken(); // same user: no user change
    mock.endSession();
    expect(order).toEqual([
      'user jane→john',
      'render john',
      'render john',
      'user john→null',
      'render nobody',
    ]);
  });

  it('refreshes to the next token generation and keeps the profile object', () => {
    const mock = createMockAuthClient({ user: { sub: 'jane', name: 'Jane' } });
    const before = mock.getSnapshot();
    const refreshed = vi.fn();
    mock.onTokenRefreshed(refreshed);
    expect(mock.refreshToken()).toBe('mock.jane.2');
    const after = mock.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.user?.profile).toBe(before.user?.profile);
    expect(refreshed).toHaveBeenCalledWith(after.user);
    mock.endSession();
    expect(() => mock.refreshToken()).toThrow(/needs a signed-in user/);
  });

  it('moves to the states a real session reaches', () => {
    const mock = createMockAuthClient({ user: { sub: 'jane' } });
    mock.expireSession();
    expect(mock.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'login_required', oauthError: 'invalid_grant' },
    });
    expect(mock.peekAccessToken()).toBeNull();
    mock.failSignIn('callback_error', 'access_denied');
    expect(mock.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'callback_error', oauthError: 'access_denied', step: 'callback' },
    });
    expect(mock.getSnapshot().error).toBeInstanceOf(AuthError);
    mock.setLoading();
    expect(mock.getSnapshot().status).toBe('loading');
  });

  it('shows the idle countdown it is given and counts reported activity', () => {
    const mock = createMockAuthClient({ user: { sub: 'jane' } });
    const seen: unknown[] = [];
    mock.subscribeTimeouts(() => seen.push(mock.getTimeouts().idle));
    mock.setTimeouts({ idle: { warning: true, secondsLeft: 30 } });
    mock.reportActivity();
    expect(seen).toEqual([{ warning: true, secondsLeft: 30 }]);
    expect(mock.getTimeouts()).toMatchObject({ sessionEndsSoon: false, sessionExpiresAt: null });
    expect(mock.calls.reportActivity).toBe(1);
  });

  describe('getAccessToken', () => {
    it('rejects with login_required when nobody is signed in', async () => {
      await expect(createMockAuthClient().getAccessToken()).rejects.toMatchObject({
        code: 'login_required',
      });
    });

    it('refreshes once for all callers, and only if the rejected token is still current', async () => {
      const mock = createMockAuthClient({ user: { sub: 'jane' } });
      const tokens = await Promise.all(
        Array.from({ length: 20 }, () =>
          mock.getAccessToken({ forceRefresh: { rejectedToken: 'mock.jane.1' } }),
        ),
      );
      expect(new Set(tokens)).toEqual(new Set(['mock.jane.2']));
      // A caller that saw the old token after the refresh does not cause another one.
      expect(await mock.getAccessToken({ forceRefresh: { rejectedToken: 'mock.jane.1' } })).toBe(
        'mock.jane.2',
      );
      expect(await mock.getAccessToken({ forceRefresh: true })).toBe('mock.jane.3');
    });

    it('refreshes a token that is within 30 s of expiry by the given clock', async () => {
      let now = 1_000_000;
      const mock = createMockAuthClient({
        user: { sub: 'jane' },
        now: () => now,
        accessTokenLifetimeSeconds: 60,
      });
      now += 29_000;
      expect(await mock.getAccessToken()).toBe('mock.jane.1');
      now += 2_000;
      expect(await mock.getAccessToken()).toBe('mock.jane.2');
      expect(mock.getSnapshot().user?.accessTokenExpiresAt).toBe(now + 60_000);
    });

    it('fails with the code it is told to until told otherwise', async () => {
      const mock = createMockAuthClient({ user: { sub: 'jane' } });
      mock.failTokenRequests('network_error');
      await expect(mock.getAccessToken()).rejects.toMatchObject({ code: 'network_error' });
      mock.failTokenRequests(null);
      expect(await mock.getAccessToken()).toBe('mock.jane.1');
    });
  });
});
