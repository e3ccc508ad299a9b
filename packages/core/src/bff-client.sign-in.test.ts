// Signing in through the BFF: the navigation to {baseUrl}/login, the round trip (BFF → IdP → BFF
// callback → the app, a session cookie the page cannot read), and the automatic sign-in policy that
// every guard reads (sign-in-policy.ts, through the same gate as browser mode).
import { describe, expect, it, vi } from 'vitest';
import { AUTO_SIGN_IN_COOLDOWN_MS, decideAutoSignIn } from './sign-in-policy';
import { APP, lastNavigation, bffStackPerTest } from './testing/bff-harness';
import { idleTimer } from './idle';

const { stack } = bffStackPerTest();

const loginUrl = (query: Record<string, string>) =>
  `${APP}/bff/login?${new URLSearchParams(query).toString()}`;

describe('signIn()', () => {
  it('leaves for {baseUrl}/login with the current path, query and hash to come back to', async () => {
    window.history.replaceState(null, '', '/accounts/7?tab=history#latest');
    const { client, navigate } = stack().page();
    await client.initialize();
    await client.signIn();
    expect(navigate).toHaveBeenCalledOnce();
    expect(lastNavigation(navigate)).toEqual([
      loginUrl({ returnTo: '/accounts/7?tab=history#latest' }),
    ]);
  });

  it('passes returnTo, prompt and login_hint; a baseUrl of its own', async () => {
    const { client, navigate } = stack().page({ baseUrl: '/auth/bff' });
    await client.signIn({
      returnTo: '/transfers',
      prompt: 'login',
      loginHint: 'jane@example.test',
    });
    expect(lastNavigation(navigate)[0]).toBe(
      `${APP}/auth/bff/login?returnTo=%2Ftransfers&prompt=login&login_hint=jane%40example.test`,
    );
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'refuses returnTo %s (return_to_invalid, the error state) without leaving',
    async (returnTo) => {
      const { client, navigate } = stack().page();
      await client.initialize();
      await expect(client.signIn({ returnTo })).rejects.toMatchObject({
        code: 'return_to_invalid',
        step: 'sign_in',
      });
      expect(navigate).not.toHaveBeenCalled();
      expect(client.getSnapshot()).toMatchObject({
        status: 'error',
        error: { code: 'return_to_invalid' },
      });
    },
  );

  it('round trip: the BFF signs in at the IdP, sets its cookie and sends the browser back; the next page is authenticated', async () => {
    const { client, navigate } = stack().page();
    await client.initialize();
    await client.signIn({ returnTo: '/accounts?id=1' });
    const landed = await stack().browser.visit(lastNavigation(navigate)[0]);
    expect(landed.url).toBe(`${APP}/accounts?id=1`);
    expect(window.location.pathname + window.location.search).toBe('/accounts?id=1');
    // The IdP saw only client_id and request_uri (PAR); the cookie is HttpOnly, out of the page.
    const authorize = stack().bff.requests.find((r) => r.path.startsWith('/idp/authorize'))!;
    expect([...new URL(authorize.path, APP).searchParams.keys()]).toEqual([
      'client_id',
      'request_uri',
    ]);
    expect([...stack().browser.cookies.keys()]).toEqual(['__Host-sesame']);
    expect(document.cookie).toBe('');

    const next = stack().page(); // the page the BFF sent the browser back to
    await next.client.initialize();
    expect(next.client.getSnapshot()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'usr_jane_doe', profile: { name: 'Jane Doe' } },
    });
    // Back from the IdP: the redirect-loop mark is gone, and the sign-in counts as just completed;
    // what /session said is kept for the tab's next load (bff-client.cache.test.ts).
    expect(Object.keys(sessionStorage)).toEqual(['sesame.session:bff:/bff']);
  });

  it('concurrent sign-ins share one navigation', async () => {
    const { client, navigate } = stack().page();
    await client.initialize();
    await Promise.all([client.signIn(), client.signIn({ auto: true }), client.signIn()]);
    expect(navigate).toHaveBeenCalledOnce();
  });
});

describe('the automatic sign-in policy (guards read signInDecision(), act with signIn({ auto: true }))', () => {
  it("is decideAutoSignIn's answer: 'go' when nobody is signed in, 'wait' once the redirect is under way", async () => {
    const { client, navigate } = stack().page();
    await client.initialize();
    const state = client.getSnapshot();
    expect(client.signInDecision()).toBe(decideAutoSignIn(state, false, Date.now(), 0, 0, false));
    expect(client.signInDecision()).toBe('go');
    await client.signIn({ auto: true });
    expect(navigate).toHaveBeenCalledOnce();
    expect(client.signInDecision()).toBe('wait');
    await client.signIn({ auto: true });
    expect(navigate).toHaveBeenCalledOnce();
  });

  it('the IdP refused: the BFF shows its error page, "Back to the app" loads a page that does not leave again (redirect_loop_prevented)', async () => {
    stack().bff.idpError = 'access_denied';
    const first = stack().page();
    await first.client.initialize();
    await first.client.signIn({ auto: true, returnTo: '/accounts' });
    const errorPage = await stack().browser.visit(lastNavigation(first.navigate)[0]);
    expect(errorPage.status).toBe(400);
    expect(errorPage.text).toContain('access_denied');
    await stack().browser.visit('/'); // the error page's link

    const again = stack().page();
    await again.client.initialize();
    expect(again.client.getSnapshot().status).toBe('unauthenticated');
    const decision = again.client.signInDecision();
    expect(decision).toMatchObject({ code: 'redirect_loop_prevented', step: 'sign_in' });
    await expect(again.client.signIn({ auto: true })).rejects.toMatchObject({
      code: 'redirect_loop_prevented',
    });
    expect(again.navigate).not.toHaveBeenCalled();
    expect(again.client.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'redirect_loop_prevented' },
    });
    // A sign-in the user asks for always goes.
    await again.client.signIn();
    expect(again.navigate).toHaveBeenCalledOnce();
  });

  it('a session that dies at once after the sign-in is not followed by another automatic one within the cool-down', async () => {
    const { client, navigate } = stack().page();
    await client.initialize();
    await client.signIn({ auto: true });
    await stack().browser.visit(lastNavigation(navigate)[0]);
    const back = stack().page();
    await back.client.initialize();
    expect(back.client.getSnapshot().status).toBe('authenticated');

    stack().bff.endAllSessions();
    await expect(back.client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'login_required',
    });
    expect(back.client.signInDecision()).toMatchObject({ code: 'redirect_loop_prevented' });
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + AUTO_SIGN_IN_COOLDOWN_MS + 1);
    expect(back.client.signInDecision()).toBe('go');
  });

  it('after an idle sign-out: the error shows (no automatic sign-in), and a sign-in asks for credentials (prompt=login; prompt=none cannot go)', async () => {
    const { client, navigate } = await stack().signedInPage({ idleTimeoutSeconds: 1, idleTimer });
    await vi.waitFor(() => expect(client.getSnapshot().error?.code).toBe('idle_timeout'), {
      timeout: 3000,
    });
    expect(client.signInDecision()).toMatchObject({ code: 'idle_timeout' });
    await client.signIn({ auto: true });
    expect(navigate).not.toHaveBeenCalled();

    await client.signIn({ prompt: 'none' });
    expect(navigate).not.toHaveBeenCalled();
    expect(client.getSnapshot().error).toMatchObject({ code: 'login_required', step: 'sign_in' });

    await client.signIn({ returnTo: '/' });
    expect(lastNavigation(navigate)[0]).toBe(loginUrl({ returnTo: '/', prompt: 'login' }));
    // Back signed in: the flag is cleared, and the next sign-in has no forced prompt.
    await stack().browser.visit(lastNavigation(navigate)[0]);
    expect(stack().bff.logins.at(-1)).toEqual({ prompt: 'login', loginHint: null });
    const back = stack().page();
    await back.client.initialize();
    expect(back.client.getSnapshot().status).toBe('authenticated');
    await back.client.signIn({ returnTo: '/' });
    expect(lastNavigation(back.navigate)[0]).toBe(loginUrl({ returnTo: '/' }));
  });
});
