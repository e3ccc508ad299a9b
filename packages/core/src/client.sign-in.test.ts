import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAuthError } from './errors';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { APP, lastUrl, makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(() => idp.stop());

describe('signIn', () => {
  it('redirects with code + PKCE S256, a fresh state and nonce, and keeps returnTo out of the URL', async () => {
    const { client, navigate } = makeClient(idp, {
      resource: 'https://api.bank.example',
      extraQueryParams: { audience: 'bank' },
    });
    await client.signIn({ returnTo: '/accounts/123?tab=history#top', loginHint: 'jane.doe' });
    await client.signIn({ returnTo: '/accounts/123?tab=history#top' });
    const first = new URL(navigate.mock.calls[0]![0]);
    const second = new URL(navigate.mock.calls[1]![0]);
    expect(first.origin + first.pathname).toBe(`${idp.issuer}/authorize`);
    const p = first.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('scope')).toBe('openid profile email');
    expect(p.get('resource')).toBe('https://api.bank.example');
    expect(p.get('audience')).toBe('bank');
    expect(p.get('login_hint')).toBe('jane.doe');
    expect(p.get('nonce')).toBeTruthy();
    expect(p.get('nonce')).not.toBe(second.searchParams.get('nonce'));
    expect(p.get('state')).not.toBe(second.searchParams.get('state'));
    expect(first.href).not.toContain('accounts');
    // The PKCE verifier and returnTo wait in sessionStorage under Sesame's prefix, next to the
    // redirect-loop guard's "left for the IdP at" time.
    expect(
      Object.keys(sessionStorage).every(
        (k) =>
          k.startsWith('sesame.state:bank-dashboard:') ||
          k === `sesame.signin:bank-dashboard@${idp.issuer}`,
      ),
    ).toBe(true);
  });

  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    '/\t/evil',
  ])('refuses returnTo %j without leaving the page', async (returnTo) => {
    const { client, navigate } = makeClient(idp);
    const error = await client.signIn({ returnTo }).catch((e: unknown) => e);
    expect(isAuthError(error, 'return_to_invalid')).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('defaults returnTo to the current path, query and hash', async () => {
    window.history.replaceState(null, '', `${APP}/transfers?step=2#review`);
    const { client, navigate } = makeClient(idp);
    await reachCallback(client, navigate, idp);
    expect(await client.handleCallback()).toEqual({ returnTo: '/transfers?step=2#review' });
  });

  it('refuses a discovery document whose issuer is not the authority, before any redirect', async () => {
    const hostile = await startFakeIdp({ discoveryIssuer: () => 'https://other.example' });
    const { client, navigate } = makeClient(hostile);
    const error = await client.signIn().catch((e: unknown) => e);
    expect(isAuthError(error, 'discovery_invalid')).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
    await hostile.stop();
  });
});

describe('handleCallback', () => {
  it('goes loading → authenticated, exchanges the code once, cleans the URL and restores returnTo', async () => {
    const { client, navigate } = makeClient(idp);
    expect(client.getSnapshot().status).toBe('loading');
    const url = await reachCallback(client, navigate, idp, {
      returnTo: '/accounts/123?tab=history#top',
    });
    expect(client.isCallbackUrl()).toBe(true);
    const statuses: string[] = [];
    client.subscribe(() => statuses.push(client.getSnapshot().status));
    // Two calls at once (StrictMode effects) share one promise.
    const [a, b] = [client.handleCallback(), client.handleCallback(url)];
    expect(a).toBe(b);
    expect(await a).toEqual({ returnTo: '/accounts/123?tab=history#top' });
    expect(idp.counters.authorization_code).toBe(1);
    expect(statuses).toEqual(['authenticated']);
    expect(window.location.href).toBe(`${APP}/callback`);
    const state = client.getSnapshot();
    expect(state.status).toBe('authenticated');
    expect(state.user).toMatchObject({
      sub: 'usr_jane_doe',
      profile: { name: 'Jane Doe', iss: idp.issuer },
      scopes: ['openid', 'profile', 'email'],
    });
    expect(state.user!.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 290_000);
    expect(state.user!.profile).not.toHaveProperty('nonce');
    expect(Object.keys(state)).toEqual(['status', 'user', 'error']); // no tokens in the snapshot
    expect(JSON.stringify(state)).not.toContain('at-');
    // The sign-in state (PKCE verifier) is gone; the user is stored.
    expect(Object.keys(sessionStorage)).toEqual([`sesame.user:bank-dashboard@${idp.issuer}`]);
  });

  it('rejects a replayed callback URL with callback_invalid and keeps the session', async () => {
    const { client, navigate } = makeClient(idp);
    const url = await reachCallback(client, navigate, idp);
    await client.handleCallback();
    const before = client.getSnapshot();
    const error = await client.handleCallback(url).catch((e: unknown) => e);
    expect(isAuthError(error, 'callback_invalid')).toBe(true);
    expect(client.getSnapshot()).toBe(before);
    expect(idp.counters.authorization_code).toBe(1);
  });

  it('ends in error with callback_state_mismatch for an unknown state, with a clean URL and no redirect', async () => {
    const { client, navigate } = makeClient(idp);
    const url = await reachCallback(client, navigate, idp);
    sessionStorage.clear(); // the state belongs to another tab
    navigate.mockClear();
    const error = await client.handleCallback().catch((e: unknown) => e);
    expect(isAuthError(error, 'callback_state_mismatch')).toBe(true);
    expect(client.getSnapshot()).toEqual({ status: 'error', user: null, error });
    expect(window.location.href).toBe(`${APP}/callback`);
    expect(url).toContain('code=');
    expect(navigate).not.toHaveBeenCalled();
    expect(idp.counters.authorization_code).toBe(0);
  });

  it('maps error=access_denied to callback_error carrying the IdP error, state error, clean URL', async () => {
    const { client, navigate } = makeClient(idp);
    await reachCallback(client, navigate, idp, { error: 'access_denied' });
    navigate.mockClear();
    const error = await client.handleCallback().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'callback_error',
      oauthError: 'access_denied',
      oauthErrorDescription: 'The user said no',
      step: 'callback',
    });
    expect(client.getSnapshot().status).toBe('error');
    expect(window.location.search).toBe('');
    expect(navigate).not.toHaveBeenCalled();
    expect(sessionStorage.length).toBe(0);
  });

  it('treats prompt=none answered with login_required as "signed out", not as a failed sign-in', async () => {
    const { client, navigate } = makeClient(idp);
    await reachCallback(client, navigate, idp, { prompt: 'none', error: 'login_required' });
    await client.handleCallback().catch(() => {});
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'callback_error', oauthError: 'login_required' },
    });
  });

  it('keeps a good session when a later sign-in attempt fails', async () => {
    const { client, navigate } = await signedIn(idp);
    const before = client.getSnapshot();
    await reachCallback(client, navigate, idp, { error: 'access_denied' });
    await expect(client.handleCallback()).rejects.toMatchObject({ code: 'callback_error' });
    expect(client.getSnapshot()).toBe(before);
  });

  it('rejects a response whose iss parameter names another issuer, before exchanging the code', async () => {
    const { client, navigate } = makeClient(idp);
    const url = new URL(await reachCallback(client, navigate, idp));
    url.searchParams.set('iss', 'https://attacker.example');
    window.history.replaceState(null, '', url.href);
    await expect(client.handleCallback()).rejects.toMatchObject({ code: 'callback_invalid' });
    url.searchParams.delete('iss'); // missing although discovery says it is always sent
    const again = await reachCallback(client, navigate, idp);
    const noIss = new URL(again);
    noIss.searchParams.delete('iss');
    await expect(client.handleCallback(noIss.href)).rejects.toMatchObject({
      code: 'callback_invalid',
    });
    expect(idp.counters.authorization_code).toBe(0);
    expect(client.getSnapshot().status).toBe('error');
  });

  it.each([
    ['a repeated state', (url: URL) => url.searchParams.append('state', 'other')],
    ['a repeated code', (url: URL) => url.searchParams.append('code', 'other')],
    ['an oversize query', (url: URL) => url.searchParams.set('junk', 'x'.repeat(9000))],
  ])(
    'refuses a response with %s as callback_invalid, without exchanging the code',
    async (_n, change) => {
      const { client, navigate } = makeClient(idp);
      const url = new URL(await reachCallback(client, navigate, idp));
      change(url);
      window.history.replaceState(null, '', url.href);
      await expect(client.handleCallback()).rejects.toMatchObject({ code: 'callback_invalid' });
      expect(idp.counters.authorization_code).toBe(0);
      expect(window.location.href).toBe(`${APP}/callback`);
    },
  );

  it('recognises callback URLs only on the redirect path with state and code or error', () => {
    const { client } = makeClient(idp);
    expect(client.isCallbackUrl(`${APP}/callback?code=1&state=2`)).toBe(true);
    expect(client.isCallbackUrl(`${APP}/callback?error=access_denied&state=2`)).toBe(true);
    expect(client.isCallbackUrl(`${APP}/callback?code=1`)).toBe(false);
    expect(client.isCallbackUrl(`${APP}/other?code=1&state=2`)).toBe(false);
    expect(client.isCallbackUrl(`http://evil.example/callback?code=1&state=2`)).toBe(false);
    expect(lastUrl).toBeTypeOf('function');
  });
});
