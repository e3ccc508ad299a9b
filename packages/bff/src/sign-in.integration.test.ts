// Sign-in, session and sign-out against the real IdP (bank-bff: private_key_jwt, PAR required,
// DPoP-bound tokens, FAPI 2.0 profile) over HTTP, with the BFF mounted through each adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionKey } from './session-record';
import { ADAPTERS, startBffStack, type BffStack } from './test-support/stack';

describe.each(ADAPTERS)('sign-in, session and sign-out through %s', (adapter) => {
  let stack: BffStack;
  beforeAll(async () => {
    stack = await startBffStack({ adapter });
  });
  afterAll(() => stack.stop());

  it('sends the browser to the IdP with only client_id and request_uri (PAR)', async () => {
    const browser = stack.browser();
    const login = await browser.navigate('/bff/login?returnTo=%2Faccounts');
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin).toBe(new URL(stack.idp.issuer).origin);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: 'bank-bff',
      request_uri: expect.stringMatching(/^urn:ietf:params:oauth:request_uri:/),
    });
    const cookie = login.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(
      /^sesame-login=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/,
    );
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it('signs in: a new session cookie, a redirect to returnTo, the session without any token', async () => {
    const browser = stack.browser();
    const { callback } = await browser.signIn('jane', { returnTo: '/accounts/1?tab=history#top' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/accounts/1?tab=history#top');
    const cookie = callback.headers.getSetCookie().find((c) => c.startsWith('sesame='))!;
    expect(cookie).toMatch(/^sesame=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);

    const response = await browser.fetch('/bff/session');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toEqual({
      user: {
        sub: 'usr_jane_doe',
        claims: expect.objectContaining({
          sub: 'usr_jane_doe',
          name: 'Jane Doe',
          email: 'jane.doe@example.com',
        }),
      },
      scopes: expect.arrayContaining(['accounts:read', 'transfers:write']),
      accessTokenExpiresAt: expect.any(Number),
      sessionExpiresAt: expect.any(Number),
      idleExpiresAt: expect.any(Number),
      // Each API's token, by name: its expiry and scopes only.
      apis: {
        bank: {
          accessTokenExpiresAt: body.accessTokenExpiresAt,
          scopes: expect.arrayContaining(['accounts:read']),
        },
      },
    });
    const stored = await stack.store.get(sessionKey(browser.cookies.get('sesame')!));
    const text = JSON.stringify(body);
    for (const secret of [stored!.accessToken, stored!.refreshToken]) {
      expect(typeof secret).toBe('string');
      expect(text).not.toContain(secret);
    }
  });

  it('rotates the session id at every sign-in: a planted or previous id names nothing', async () => {
    const browser = stack.browser();
    const planted = 'A'.repeat(43);
    browser.cookies.set('sesame', planted);
    await browser.signIn('jane');
    const first = browser.cookies.get('sesame')!;
    expect(first).not.toBe(planted);
    expect(await stack.store.get(sessionKey(planted))).toBeUndefined();
    await browser.signIn('john');
    const second = browser.cookies.get('sesame')!;
    expect(second).not.toBe(first);
    // The first session ended with the second sign-in: its cookie no longer works.
    expect(await stack.store.get(sessionKey(first))).toBeUndefined();
    const replayed = stack.browser();
    replayed.cookies.set('sesame', first);
    expect((await replayed.fetch('/bff/session')).status).toBe(401);
    expect((await (await browser.fetch('/bff/session')).json()).user.sub).toBe('usr_john_smith');
  });

  it('answers /session 401 without a session and 403 without the CSRF header', async () => {
    const browser = stack.browser();
    const none = await browser.fetch('/bff/session');
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
    });
    browser.cookies.set('sesame', 'B'.repeat(43));
    const unknown = await browser.fetch('/bff/session');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.getSetCookie()[0]).toMatch(/^sesame=; .*Max-Age=0/);
    await browser.signIn('jane');
    expect((await browser.fetch('/bff/session', { csrf: false })).status).toBe(403);
    const crossSite = await browser.fetch('/bff/session', { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error).toBe('csrf_failed');
  });

  it('refuses a returnTo off this origin with an error page, before any trip to the IdP', async () => {
    const browser = stack.browser();
    const before = stack.idp.counters().authorizations;
    for (const returnTo of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      '/bff/login',
    ]) {
      const response = await browser.navigate(
        `/bff/login?returnTo=${encodeURIComponent(returnTo)}`,
      );
      expect(response.status, returnTo).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('data-error-code="return_to_invalid"');
    }
    expect(stack.idp.counters().authorizations).toBe(before);
  });

  it('shows the IdP refusal on an error page with a link back, and creates no session', async () => {
    const browser = stack.browser();
    const { callback } = await browser.signIn('jane', { deny: true });
    expect(callback.status).toBe(400);
    expect(callback.headers.get('location')).toBeNull();
    expect(callback.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await callback.text();
    expect(html).toContain('data-error-code="callback_error"');
    expect(html).toContain('access_denied');
    expect(html).toContain('<a href="/">Back to the app</a>');
    expect(browser.cookies.has('sesame')).toBe(false);
  });

  it('refuses a callback with a wrong state, from another browser, replayed, or with a wrong iss', async () => {
    const code = async (response: Response) =>
      /data-error-code="([a-z_]+)"/.exec(await response.text())?.[1];

    const wrongState = stack.browser();
    const bent = await wrongState.signIn('jane', {
      beforeCallback: (url) => url.searchParams.set('state', 'x'),
    });
    expect(bent.callback.status).toBe(400);
    expect(await code(bent.callback)).toBe('callback_state_mismatch');

    const victim = stack.browser();
    const login = await victim.navigate('/bff/login');
    const { completeLogin, USERS } = await import('@sesame/test-stack/real-idp');
    const callbackUrl = await completeLogin(login.headers.get('location')!, USERS.jane);
    // An attacker's browser (no sign-in cookie of this sign-in) cannot complete the victim's.
    const attacker = stack.browser();
    expect(await code(await attacker.navigate(callbackUrl))).toBe('callback_state_mismatch');
    expect(attacker.cookies.has('sesame')).toBe(false);

    const replay = stack.browser();
    const trip = await replay.signIn('jane');
    expect(trip.callback.status).toBe(302);
    const again = await replay.navigate(trip.callbackUrl);
    expect(await code(again)).toBe('callback_state_mismatch');

    const mixUp = stack.browser();
    const wrongIss = await mixUp.signIn('jane', {
      beforeCallback: (url) => url.searchParams.set('iss', 'https://evil.example'),
    });
    expect(await code(wrongIss.callback)).toBe('callback_iss_mismatch');
    const noIss = await stack
      .browser()
      .signIn('jane', { beforeCallback: (url) => url.searchParams.delete('iss') });
    expect(await code(noIss.callback)).toBe('callback_iss_mismatch');
  });

  it('signs out: revokes the refresh token, ends the session, hands back the end-session form', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const before = stack.idp.counters().revocations;
    const response = await browser.fetch('/bff/logout', { method: 'POST' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      endSession: {
        url: `${stack.idp.issuer}/session/end`,
        form: {
          client_id: 'bank-bff',
          post_logout_redirect_uri: `${stack.origin}/`,
        },
      },
    });
    expect(stack.idp.counters().revocations).toBe(before + 1);
    expect(browser.cookies.has('sesame')).toBe(false);
    expect((await browser.fetch('/bff/session')).status).toBe(401);
    expect((await browser.fetch('/bff/logout', { method: 'POST' })).status).toBe(401);
  });

  it('refuses a sign-out without the CSRF header or from another origin, and keeps the session', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    expect((await browser.fetch('/bff/logout', { method: 'POST', csrf: false })).status).toBe(403);
    expect(
      (await browser.fetch('/bff/logout', { method: 'POST', origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect((await browser.fetch('/bff/logout', { method: 'POST', origin: null })).status).toBe(403);
    // A cross-site HTML form: no custom header, a simple content type, another origin.
    const form = await browser.fetch('/bff/logout', {
      method: 'POST',
      csrf: false,
      origin: 'https://evil.example',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(403);
    expect((await browser.fetch('/bff/session')).status).toBe(200);
    expect((await browser.fetch('/bff/logout')).status).toBe(405);
  });

  it('logs one line per request, never a token, cookie value or code', async () => {
    const browser = stack.browser();
    const { callbackUrl } = await browser.signIn('jane');
    await browser.fetch('/bff/session');
    const stored = await stack.store.get(sessionKey(browser.cookies.get('sesame')!));
    const code = new URL(callbackUrl).searchParams.get('code')!;
    const logs = stack.logs.join('\n');
    for (const secret of [
      stored!.accessToken,
      stored!.refreshToken,
      browser.cookies.get('sesame'),
      code,
    ]) {
      expect(logs).not.toContain(secret as string);
    }
    expect(stack.logs).toContain(
      stack.logs.find((line) => /^GET \/bff\/callback 302 \d+ms$/.test(line)),
    );
  });
});
