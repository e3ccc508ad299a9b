import { describe, expect, it } from 'vitest';
import { DASHBOARD_CLIENT_ID, DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS } from './constants';
import { browse, jane, john, startTestIdp } from './test-support';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import { authorizationRequest, obtainTokens, refreshTokens } from './testing/flows';

const postLogoutUri = DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS[0] ?? '';

/** Reads oidc-provider's logout form: its action and CSRF token. */
function logoutForm(html: string): { action: string; xsrf: string } {
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !xsrf) throw new Error('no logout form on the page');
  return { action, xsrf };
}

describe('RP-initiated logout', async () => {
  const { idp, metadata } = await startTestIdp();
  const endSession = String(metadata.end_session_endpoint);

  it('signs out with id_token_hint and returns to the registered post-logout URI', async () => {
    const jar = new CookieJar();
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, cookieJar: jar });
    const url = new URL(endSession);
    url.searchParams.set('id_token_hint', tokens.id_token ?? '');
    url.searchParams.set('post_logout_redirect_uri', postLogoutUri);
    url.searchParams.set('state', 'bye-123');

    const page = await browse(url.href, { jar });
    expect(page.status).toBe(200);
    const html = await page.text();
    // The hint names the signed-in customer, so the page submits itself: no extra click.
    expect(html).toMatch(/<script nonce="[^"]+">[^<]*f\.submit\(\)/);

    const { action, xsrf } = logoutForm(html);
    const confirm = await browse(new URL(action, url).href, { jar, form: { xsrf, logout: 'yes' } });
    expect(confirm.status).toBe(303);
    const back = new URL(confirm.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(postLogoutUri);
    expect(back.searchParams.get('state')).toBe('bye-123');

    // The session and the grant are gone.
    const silent = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(silent.url, jane, { cookieJar: jar });
    expect(new URL(callback).searchParams.get('error')).toBe('login_required');
    await expect(
      refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(idp.counters().endSessions).toBe(1);
  });

  it('takes the logout request as a form POST too: the ID token in the body, in no URL or log line', async () => {
    const jar = new CookieJar();
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, cookieJar: jar });
    const endedBefore = idp.counters().endSessions;
    const page = await browse(endSession, {
      jar,
      form: {
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: postLogoutUri,
        state: 'bye-post',
      },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<script nonce="[^"]+">[^<]*f\.submit\(\)/);

    const { action, xsrf } = logoutForm(html);
    const confirm = await browse(new URL(action, endSession).href, {
      jar,
      form: { xsrf, logout: 'yes' },
    });
    const back = new URL(confirm.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(postLogoutUri);
    expect(back.searchParams.get('state')).toBe('bye-post');
    await expect(
      refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(idp.counters().endSessions).toBe(endedBefore + 1);
    expect(idp.logs).toContainEqual(
      expect.stringMatching(/^POST \/session\/end 200 client=bank-dashboard/),
    );
    expect(idp.logs.join('\n')).not.toContain(tokens.id_token);
  });

  it('asks for confirmation when no hint is given, then shows the signed-out page', async () => {
    const jar = new CookieJar();
    await obtainTokens({ issuer: idp.issuer, user: john, cookieJar: jar });
    const page = await browse(`${endSession}?client_id=${DASHBOARD_CLIENT_ID}`, { jar });
    const html = await page.text();
    expect(html).toContain('Sign out of Sesame Bank?');
    expect(html).not.toContain('f.submit()');

    const { action, xsrf } = logoutForm(html);
    const confirm = await browse(new URL(action, endSession).href, {
      jar,
      form: { xsrf, logout: 'yes' },
    });
    const successUrl = new URL(confirm.headers.get('location') ?? '', endSession).href;
    expect(successUrl.startsWith(idp.issuer)).toBe(true);
    const done = await browse(successUrl, { jar });
    expect(await done.text()).toContain('You have signed out');
  });

  it('refuses an unregistered post-logout redirect URI without redirecting', async () => {
    const jar = new CookieJar();
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, cookieJar: jar });
    const url = new URL(endSession);
    url.searchParams.set('id_token_hint', tokens.id_token ?? '');
    url.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:5173/evil');
    const response = await browse(url.href, { jar });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('data-oauth-error="invalid_request"');
  });

  it('refuses a logout confirmation without the CSRF token', async () => {
    const jar = new CookieJar();
    await obtainTokens({ issuer: idp.issuer, user: john, cookieJar: jar });
    const html = await (
      await browse(`${endSession}?client_id=${DASHBOARD_CLIENT_ID}`, { jar })
    ).text();
    const { action } = logoutForm(html);
    const forged = await browse(new URL(action, endSession).href, {
      jar,
      form: { xsrf: 'forged', logout: 'yes' },
    });
    expect(forged.status).toBe(400);
    // Still signed in.
    const silent = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(silent.url, john, { cookieJar: jar });
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
  });
});
