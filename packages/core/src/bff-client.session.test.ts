// The BFF-mode client's state, read from a fake BFF (the @sesame/bff HTTP contract) over HTTP:
// loading → (un)authenticated, what the user holds, when the session is asked again, and that no
// token reaches the page.
import { describe, expect, it, vi } from 'vitest';
import { bffStackPerTest } from './testing/bff-harness';
import { createBffClient } from './bff-client';
import { isAuthError } from './errors';

const { stack, restart } = bffStackPerTest();

const setVisibility = (state: DocumentVisibilityState) =>
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state);

describe('the session from GET {baseUrl}/session', () => {
  it('is loading until the BFF answers, then unauthenticated without a session; initialize() asks once', async () => {
    const { client } = stack().page();
    expect(client.getSnapshot()).toEqual({ status: 'loading', user: null, error: null });
    await Promise.all([client.initialize(), client.initialize()]);
    await client.initialize();
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null });
    const asked = stack().requestsTo('/bff/session');
    expect(asked).toHaveLength(1);
    // The CSRF header; no Origin on a same-origin GET (browsers omit it), which the BFF accepts.
    expect(asked[0]!.headers).toMatchObject({
      'x-sesame-csrf': '1',
      'sec-fetch-site': 'same-origin',
    });
    expect(asked[0]!.headers.origin).toBeUndefined();
  });

  it('is authenticated with sub, profile (the claims), scopes and the access token expiry; the session end in getTimeouts()', async () => {
    stack().bff.user = {
      sub: 'usr_jane_doe',
      claims: { name: 'Jane Doe', email: 'jane@example.test', auth_time: 1_700_000_000 },
      scopes: ['openid', 'accounts:read'],
    };
    const { client } = await stack().signedInPage();
    const [session] = stack().bff.sessions.values();
    const state = client.getSnapshot();
    expect(state).toEqual({
      status: 'authenticated',
      error: null,
      user: {
        sub: 'usr_jane_doe',
        profile: {
          sub: 'usr_jane_doe',
          name: 'Jane Doe',
          email: 'jane@example.test',
          auth_time: 1_700_000_000,
        },
        scopes: ['openid', 'accounts:read'],
        // Whole seconds, as in browser mode.
        accessTokenExpiresAt: Math.floor(session!.accessTokenExpiresAt / 1000) * 1000,
      },
    });
    expect(client.getTimeouts()).toEqual({
      idle: null,
      sessionExpiresAt: session!.sessionExpiresAt,
      sessionEndsSoon: false,
    });
    // The cookie travelled; the page cannot see it.
    expect(stack().requestsTo('/bff/session')[0]!.headers.cookie).toMatch(/^__Host-sesame=/);
    expect(document.cookie).toBe('');
  });

  it('puts no token, refresh token, ID token or session id anywhere a page script can look', async () => {
    const { client } = await stack().signedInPage();
    const seenByPage = [
      JSON.stringify(client.getSnapshot()),
      JSON.stringify(client.getTimeouts()),
      JSON.stringify(client.settings),
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage }),
      document.cookie,
      await (await fetch('/bff/session', { headers: { 'x-sesame-csrf': '1' } })).text(),
      String(client.peekAccessToken()),
    ].join('\n');
    const secrets = stack().bff.secrets();
    expect(secrets).toHaveLength(4);
    for (const secret of secrets) expect(seenByPage).not.toContain(secret);
    await expect(client.getAccessToken()).rejects.toMatchObject({
      code: 'bff_no_token',
      step: 'refresh',
    });
    // Naming an API (core's apis() in browser mode) changes nothing: the tokens stay on the server.
    await expect(client.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'bff_no_token',
    });
    expect(client.peekAccessToken()).toBeNull();
    expect(client.peekAccessToken('investments')).toBeNull();
  });

  it('has no callback to handle: isCallbackUrl() is false, handleCallback() rejects callback_invalid', async () => {
    const { client } = stack().page();
    window.history.replaceState(null, '', '/callback?code=abc&state=xyz');
    expect(client.isCallbackUrl()).toBe(false);
    expect(client.isCallbackUrl('http://localhost:3000/bff/callback?code=a&state=b')).toBe(false);
    const error = await client.handleCallback().catch((caught: unknown) => caught);
    expect(isAuthError(error, 'callback_invalid')).toBe(true);
    expect((error as Error).message).toContain('/bff/callback');
  });

  it('a BFF that cannot answer leaves the state "error" (network_error, retryable), not signed out; the next check recovers', async () => {
    stack().bff.failWith = 503;
    const { client } = stack().page();
    await client.initialize();
    const state = client.getSnapshot();
    expect(state).toMatchObject({
      status: 'error',
      error: {
        code: 'network_error',
        retryable: true,
        step: 'refresh',
        oauthError: 'server_error',
      },
    });
    // An automatic sign-in shows it instead of leaving for a BFF that is down.
    expect(client.signInDecision()).toBe(state.error);

    stack().bff.failWith = null;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() =>
      expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null }),
    );
  });

  it.each([
    ['a wrong baseUrl (404)', { baseUrl: '/nowhere' }, 'not_found'],
    ['a body without the contract shape', {}, undefined],
  ])('%s is bff_response_invalid, not retryable', async (_, extra, oauthError) => {
    if (!('baseUrl' in extra)) {
      stack().bff.createSession({ sub: '' }); // an empty sub is not a session
      stack().browser.cookies.set('__Host-sesame', [...stack().bff.sessions.keys()][0]!);
    }
    const { client } = stack().page(extra);
    await client.initialize();
    expect(client.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'bff_response_invalid', retryable: false, oauthError },
    });
  });

  it('a check that fails while signed in keeps the user (a blip is not a sign-out)', async () => {
    const { client } = await stack().signedInPage();
    stack().bff.failWith = 502;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(stack().requestsTo('/bff/session')).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getSnapshot().status).toBe('authenticated');
  });
});

describe('asking the BFF again', () => {
  it('on visibility and focus (one request for both, then at most every 5 s): a session ended at the server is unauthenticated login_required', async () => {
    const { client } = await stack().signedInPage();
    const changes: unknown[] = [];
    client.onUserChanged((previous, next) => changes.push([previous, next]));
    stack().bff.endAllSessions();
    // Within 5 s of the last check, coming back to the tab asks nothing.
    setVisibility('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(stack().requestsTo('/bff/session')).toHaveLength(1);

    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 6000);
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe('unauthenticated'));
    expect(stack().requestsTo('/bff/session')).toHaveLength(2);
    expect(client.getSnapshot().error).toMatchObject({ code: 'login_required', step: 'refresh' });
    expect(changes).toEqual([['usr_jane_doe', null]]);
  });

  it('every sessionCheckSeconds while visible, not while hidden', async () => {
    const { client } = await stack().signedInPage({ sessionCheckSeconds: 1 });
    const hidden = setVisibility('hidden');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(stack().requestsTo('/bff/session')).toHaveLength(1);
    hidden.mockReturnValue('visible');
    stack().bff.endAllSessions();
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe('unauthenticated'), {
      timeout: 2000,
    });
  });

  it('a session ended at the server (back-channel logout) shows within 1 s with sessionCheckSeconds 0.8, even ended just after a check', async () => {
    const { client } = await stack().signedInPage({ sessionCheckSeconds: 0.8 });
    setVisibility('visible');
    const checks = stack().requestsTo('/bff/session').length;
    await vi.waitFor(() => expect(stack().requestsTo('/bff/session')).toHaveLength(checks + 1), {
      timeout: 2000,
      interval: 5,
    });
    const ended = Date.now();
    stack().bff.endAllSessions();
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe('unauthenticated'), {
      timeout: 2000,
      interval: 5,
    });
    expect(Date.now() - ended).toBeLessThan(1000);
    expect(client.getSnapshot().error).toMatchObject({ code: 'login_required' });
  });

  it('just after the idle end the BFF announced, with no event and no timer set', async () => {
    await restart({ idleMs: 400 });
    const { client } = await stack().signedInPage({ sessionCheckSeconds: 0 });
    expect(client.getSnapshot().status).toBe('authenticated');
    await vi.waitFor(
      () =>
        expect(client.getSnapshot()).toMatchObject({
          status: 'unauthenticated',
          error: { code: 'login_required' },
        }),
      { timeout: 3000 },
    );
    expect(stack().requestsTo('/bff/session')).toHaveLength(2);
  });

  it('tells onTokenRefreshed when the BFF renewed the access token, and onUserChanged when the user changed', async () => {
    const { client } = await stack().signedInPage();
    const refreshed = vi.fn();
    const changed = vi.fn();
    client.onTokenRefreshed(refreshed);
    client.onUserChanged(changed);
    const [session] = stack().bff.sessions.values();
    session!.accessTokenExpiresAt += 60_000;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(refreshed).toHaveBeenCalledOnce());
    expect(refreshed.mock.calls[0]![0]).toBe(client.getSnapshot().user);
    expect(changed).not.toHaveBeenCalled();

    session!.sub = 'usr_john_smith';
    session!.claims = { sub: 'usr_john_smith' };
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(changed).toHaveBeenCalledWith('usr_jane_doe', 'usr_john_smith'));
    expect(refreshed).toHaveBeenCalledOnce();
  });

  it('keeps the user object while nothing changed (useSyncExternalStore does not re-render)', async () => {
    const { client } = await stack().signedInPage();
    const before = client.getSnapshot();
    const listener = vi.fn();
    client.subscribe(listener);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(stack().requestsTo('/bff/session')).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getSnapshot()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it('dispose() stops listening; initialize() starts again and asks once more', async () => {
    const { client } = await stack().signedInPage();
    client.dispose();
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stack().requestsTo('/bff/session')).toHaveLength(1);
    await client.initialize();
    await vi.waitFor(() => expect(stack().requestsTo('/bff/session')).toHaveLength(2));
  });
});

describe('settings', () => {
  it.each([
    [{ baseUrl: 'https://bff.example/bff' }, 'baseUrl must be a path'],
    [{ baseUrl: '//evil/bff' }, 'baseUrl must be a path'],
    [{ baseUrl: '/bff?x=1' }, 'baseUrl must be a path'],
    [{ authority: 'https://idp' }, 'the IdP is configured on the server'],
    [{ idleTimeoutSeconds: 600 }, 'idleTimeoutSeconds needs the idle timer'],
    [{ sessionCheckSeconds: -1 }, 'sessionCheckSeconds must be a number'],
  ])('%j is refused: %s', (settings, message) => {
    expect(() => createBffClient(settings as never)).toThrow(message);
    try {
      createBffClient(settings as never);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_settings', step: 'settings' });
    }
  });

  it('applies defaults; a trailing slash of baseUrl goes', () => {
    expect(createBffClient().settings).toEqual({
      baseUrl: '/bff',
      sessionCheckSeconds: 300,
      sessionEndWarningSeconds: 300,
    });
    expect(createBffClient({ baseUrl: '/auth/bff/' }).settings.baseUrl).toBe('/auth/bff');
  });
});
