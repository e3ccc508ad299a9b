// The sign-in callback in the SPA: every malformed, forged or replayed authorization response.
// The real engine in jsdom, the real IdP behind the proxy (which counts code exchanges). Each case
// checks the typed error, a clean address bar, no token stored, no navigation (so no redirect loop
// and no open redirect) and whether a code was exchanged.
import { isAuthError, type AuthClient, type AuthErrorCode } from '@sesame/core';
import { CookieJar, authorizationRequest, completeLogin, discover } from '@sesame/idp/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  arriveAt,
  authorizationResponse,
  makeClient,
  resetBrowser,
  sesameEntries,
  signedIn,
  storedUser,
  type Navigate,
} from './support/browser';
import { APP, credentials, startStack, type Stack } from './support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ api: false });
});
afterAll(() => stack.stop());
beforeEach(resetBrowser);

const exchanges = () => stack.proxy.tokenRequests.authorization_code;
const userEntries = () =>
  Object.keys(sesameEntries()).filter((key) => key.startsWith('sesame.user'));

/**
 * Puts `url` in the address bar, handles it, and checks the common outcome of a refused response:
 * the typed error, the state it leaves, no token stored, a clean URL, no navigation, no code exchange.
 */
async function refuse(
  client: AuthClient,
  navigate: Navigate,
  url: string,
  code: AuthErrorCode,
  status: 'error' | 'unauthenticated' = 'error',
) {
  arriveAt(url);
  navigate.mockClear();
  const exchangedBefore = exchanges();
  const error = await client.handleCallback().catch((caught: unknown) => caught);
  expect(isAuthError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  expect(client.getSnapshot()).toEqual({ status, user: null, error });
  expect(window.location.href).toBe(`${APP}/callback`);
  expect(userEntries()).toEqual([]);
  expect(navigate).not.toHaveBeenCalled();
  expect(exchanges()).toBe(exchangedBefore);
  return error as Error & { oauthError?: string; oauthErrorDescription?: string };
}

/** A fresh sign-in attempt, up to the IdP's redirect back, as a URL to tamper with. */
async function response(options: Parameters<typeof authorizationResponse>[3] = {}) {
  const made = makeClient(stack);
  const url = new URL(await authorizationResponse(made.client, made.navigate, 'jane.doe', options));
  return { ...made, url };
}

/** An unused code for John, from a sign-in the attacker ran on their own machine. */
async function attackersCode() {
  const request = authorizationRequest(await discover(stack.issuer), {
    redirectUri: `${APP}/callback`,
  });
  const back = await completeLogin(request.url, credentials('john.smith'), {
    cookieJar: new CookieJar(),
  });
  return new URL(back).searchParams.get('code')!;
}

describe('sign-in callback', () => {
  it('control: the genuine response → signed in, one code exchange, clean URL, returnTo restored', async () => {
    const { client, url } = await response({ returnTo: '/accounts?tab=2#top' });
    arriveAt(url.href);
    const before = exchanges();
    expect(await client.handleCallback()).toEqual({ returnTo: '/accounts?tab=2#top' });
    expect(exchanges()).toBe(before + 1);
    expect(window.location.href).toBe(`${APP}/callback`);
    expect(client.getSnapshot().status).toBe('authenticated');
    expect(Object.keys(sesameEntries())).toEqual(userEntries()); // the PKCE state is gone
  });

  it('state missing → not a callback URL; handled anyway → callback_state_mismatch', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.delete('state');
    expect(client.isCallbackUrl(url.href)).toBe(false);
    await refuse(client, navigate, url.href, 'callback_state_mismatch');
  });

  it('state wrong (not one this tab started) → callback_state_mismatch', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.set('state', 'f'.repeat(32));
    await refuse(client, navigate, url.href, 'callback_state_mismatch');
  });

  it('state of a finished sign-in reused with an attacker’s code (login CSRF) → callback_state_mismatch, Jane stays Jane', async () => {
    const { client, navigate, callbackUrl } = await signedIn(stack);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('code', await attackersCode());
    arriveAt(forged.href);
    navigate.mockClear();
    const before = exchanges();
    const error = await client.handleCallback().catch((caught: unknown) => caught);
    expect(isAuthError(error, 'callback_state_mismatch')).toBe(true);
    expect(client.getSnapshot().user?.sub).toBe('usr_jane_doe');
    expect(storedUser(stack)?.profile).toMatchObject({ sub: 'usr_jane_doe' });
    expect(window.location.href).toBe(`${APP}/callback`);
    expect(navigate).not.toHaveBeenCalled();
    expect(exchanges()).toBe(before);
  });

  it('state from another tab’s attempt (its sessionStorage, not ours) → callback_state_mismatch', async () => {
    const { url } = await response();
    sessionStorage.clear(); // this tab never started that attempt
    const { client, navigate } = makeClient(stack); // the other tab's page
    await refuse(client, navigate, url.href, 'callback_state_mismatch');
  });

  it('code missing (state and iss only) → callback_invalid, the attempt discarded', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.delete('code');
    await refuse(client, navigate, url.href, 'callback_invalid');
    expect(sesameEntries()).toEqual({});
  });

  it('error=access_denied (the user clicked Cancel at the IdP) → callback_error carrying access_denied', async () => {
    const { client, navigate, url } = await response({ deny: true });
    expect(url.searchParams.get('error')).toBe('access_denied');
    const error = await refuse(client, navigate, url.href, 'callback_error');
    expect(error.oauthError).toBe('access_denied');
    expect(sesameEntries()).toEqual({});
  });

  it('error=login_required (prompt=none without an IdP session) → callback_error, unauthenticated, not a failed sign-in', async () => {
    const { client, navigate, url } = await response({ prompt: 'none' });
    expect(url.searchParams.get('error')).toBe('login_required');
    const error = await refuse(client, navigate, url.href, 'callback_error', 'unauthenticated');
    expect(error.oauthError).toBe('login_required');
  });

  it('error=server_error with an error_description → callback_error, retryable, description kept out of the message', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.delete('code');
    url.searchParams.set('error', 'server_error');
    url.searchParams.set('error_description', 'The IdP is having a bad day');
    const error = await refuse(client, navigate, url.href, 'callback_error');
    expect(error).toMatchObject({
      oauthError: 'server_error',
      oauthErrorDescription: 'The IdP is having a bad day',
      retryable: true,
    });
    expect(error.message).not.toContain('bad day');
  });

  it('iss naming another issuer (RFC 9207 mix-up) → callback_invalid before the code is sent anywhere', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.set('iss', 'https://idp.attacker.example');
    await refuse(client, navigate, url.href, 'callback_invalid');
  });

  it('iss missing although discovery promises it → callback_invalid, code not exchanged', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.delete('iss');
    await refuse(client, navigate, url.href, 'callback_invalid');
  });

  it('the callback URL replayed after success, in the same page and after a reload → refused, one code exchange, session kept', async () => {
    const before = exchanges();
    const { client, navigate, callbackUrl } = await signedIn(stack);
    const signedInState = client.getSnapshot();
    arriveAt(callbackUrl);
    navigate.mockClear();
    const samePage = await client.handleCallback().catch((caught: unknown) => caught);
    expect(isAuthError(samePage, 'callback_invalid')).toBe(true);
    expect(client.getSnapshot()).toBe(signedInState);
    const reloaded = makeClient(stack); // a reload: same sessionStorage, fresh engine
    arriveAt(callbackUrl);
    const afterReload = await reloaded.client.handleCallback().catch((caught: unknown) => caught);
    expect(isAuthError(afterReload, 'callback_state_mismatch')).toBe(true);
    expect(reloaded.client.getSnapshot().user?.sub).toBe('usr_jane_doe'); // the stored session survives
    expect(exchanges()).toBe(before + 1);
    expect(window.location.href).toBe(`${APP}/callback`);
    expect(navigate).not.toHaveBeenCalled();
    expect(reloaded.navigate).not.toHaveBeenCalled();
  });

  it.each([
    ['another origin', 'https://evil.example/phish'],
    ['a protocol-relative URL', '//evil.example/phish'],
    ['a backslash trick', '/\\evil.example'],
    ['a javascript: URL', 'javascript:alert(document.cookie)'],
  ])(
    'returnTo pointing to %s → return_to_invalid before leaving the page, nothing stored',
    async (_kind, returnTo) => {
      const { client, navigate } = makeClient(stack);
      const error = await client.signIn({ returnTo }).catch((caught: unknown) => caught);
      expect(isAuthError(error, 'return_to_invalid')).toBe(true);
      expect(navigate).not.toHaveBeenCalled();
      expect(sesameEntries()).toEqual({});
    },
  );

  it('returnTo rewritten to another origin in the stored sign-in state → signed in, but sent to "/" (no open redirect)', async () => {
    const { client, url } = await response({ returnTo: '/accounts' });
    const [key] = Object.keys(sesameEntries()).filter((k) => k.startsWith('sesame.state'));
    const state = JSON.parse(sessionStorage.getItem(key!)!) as { data: { returnTo: string } };
    state.data.returnTo = 'https://evil.example/phish';
    sessionStorage.setItem(key!, JSON.stringify(state));
    arriveAt(url.href);
    expect(await client.handleCallback()).toEqual({ returnTo: '/' });
  });

  it('oversize query (1 MB of junk next to a genuine code and state) → callback_invalid, code not exchanged', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.set('junk', 'x'.repeat(1024 * 1024));
    await refuse(client, navigate, url.href, 'callback_invalid');
  });

  it('oversize state (100 KB) → callback_invalid, code not exchanged', async () => {
    const { client, navigate, url } = await response();
    url.searchParams.set('state', 's'.repeat(100 * 1024));
    await refuse(client, navigate, url.href, 'callback_invalid');
  });

  it('malformed query (broken percent-encoding) → callback_state_mismatch', async () => {
    const { client, navigate } = await response();
    const iss = encodeURIComponent(stack.issuer);
    await refuse(
      client,
      navigate,
      `${APP}/callback?code=%ZZ&state=%E0%A4%A&iss=${iss}`,
      'callback_state_mismatch',
    );
  });

  it.each(['state', 'code', 'iss'])(
    'a genuine response with a second %s parameter (parameter pollution) → callback_invalid',
    async (name) => {
      const { client, navigate, url } = await response();
      url.searchParams.append(name, 'other');
      await refuse(client, navigate, url.href, 'callback_invalid');
    },
  );
});
