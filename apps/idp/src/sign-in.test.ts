import { describe, expect, it } from 'vitest';
import { browse, jane, john, startTestIdp } from './test-support';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import { CompleteLoginError } from './testing/errors';
import {
  authorizationRequest,
  readAuthorizationResponse,
  refreshTokens,
  obtainTokens,
} from './testing/flows';

describe('login and consent pages', async () => {
  const { idp, metadata } = await startTestIdp();
  const callbackParams = (url: string) => new URL(url).searchParams;

  it('shows a login page, then a consent page listing the scopes in plain words', async () => {
    const jar = new CookieJar();
    const { url } = authorizationRequest(metadata);
    const start = await browse(url, { jar });
    const loginUrl = new URL(start.headers.get('location') ?? '', url).href;
    const loginPage = await browse(loginUrl, { jar });
    const loginHtml = await loginPage.text();
    expect(loginPage.status).toBe(200);
    expect(loginHtml).toContain('Sesame Bank');
    expect(loginHtml).toMatch(/<label for="login">User ID<\/label>/);
    expect(loginHtml).toMatch(/<input\s+id="login"[^>]*autocomplete="username"/);
    expect(loginHtml).toMatch(
      /<input\s+id="password"[^>]*type="password"[^>]*autocomplete="current-password"/,
    );

    const afterLogin = await browse(`${loginUrl}/login`, { jar, form: jane });
    const resume = await browse(new URL(afterLogin.headers.get('location') ?? '', url).href, {
      jar,
    });
    const consentUrl = new URL(resume.headers.get('location') ?? '', url).href;
    const consentHtml = await (await browse(consentUrl, { jar })).text();
    expect(consentHtml).toContain('Signed in as <strong>Jane Doe</strong>');
    expect(consentHtml).toContain('Make transfers from your accounts');
    expect(consentHtml).toContain('View your accounts, balances and transactions');
    expect(consentHtml).toContain('See your email address');
  });

  it('rejects a wrong password without saying which field was wrong', async () => {
    const { url } = authorizationRequest(metadata);
    const attempt = completeLogin(url, { login: 'jane.doe', password: 'wrong' });
    await expect(attempt).rejects.toBeInstanceOf(CompleteLoginError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_credentials', status: 400 });

    const jar = new CookieJar();
    const start = await browse(url, { jar });
    const loginUrl = new URL(start.headers.get('location') ?? '', url).href;
    const wrongPassword = await (
      await browse(`${loginUrl}/login`, { jar, form: { login: 'jane.doe', password: 'x' } })
    ).text();
    const unknownUser = await (
      await browse(`${loginUrl}/login`, { jar, form: { login: 'nobody', password: 'x' } })
    ).text();
    const message = (page: string) =>
      /<div class="alert" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1]?.trim();
    expect(message(wrongPassword)).toBe(
      'The user ID or password you entered is not correct. Please try again.',
    );
    expect(message(unknownUser)).toBe(message(wrongPassword));
  });

  it('returns access_denied when the customer cancels the consent', async () => {
    const request = authorizationRequest(metadata);
    const callback = await completeLogin(request.url, john, { consent: false });
    const params = callbackParams(callback);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(request.state);
    expect(params.get('iss')).toBe(idp.issuer);
    expect(params.get('code')).toBeNull();
  });

  it('returns access_denied when the customer cancels on the login page', async () => {
    const request = authorizationRequest(metadata);
    const callback = await completeLogin(request.url, jane, { deny: true });
    expect(callbackParams(callback).get('error')).toBe('access_denied');
  });

  it('remembers consent per customer, and forgets it when their tokens are revoked', async () => {
    await obtainTokens({ issuer: idp.issuer, user: jane });
    // A new browser (new IdP session) but the same customer: no consent page to cancel.
    const again = authorizationRequest(metadata);
    await expect(completeLogin(again.url, jane, { consent: false })).rejects.toMatchObject({
      code: 'nothing_to_cancel',
    });

    await idp.revokeUserTokens('usr_jane_doe');
    const afterRevoke = authorizationRequest(metadata);
    const callback = await completeLogin(afterRevoke.url, jane, { consent: false });
    expect(callbackParams(callback).get('error')).toBe('access_denied');
  });

  it('reuses the IdP session (SSO): prompt=none succeeds with the same cookie jar', async () => {
    const jar = new CookieJar();
    await obtainTokens({ issuer: idp.issuer, user: john, cookieJar: jar });
    const silent = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(
      silent.url,
      { login: '', password: '' },
      { cookieJar: jar },
    );
    expect(
      readAuthorizationResponse(callback, { state: silent.state, issuer: idp.issuer }),
    ).toBeTruthy();
  });

  it('answers prompt=none without a session with login_required', async () => {
    const silent = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(silent.url, jane);
    expect(callbackParams(callback).get('error')).toBe('login_required');
    expect(callbackParams(callback).get('iss')).toBe(idp.issuer);
  });

  it('ends a customer session on demand: no more SSO, and the refresh token dies with it', async () => {
    const jar = new CookieJar();
    const tokens = await obtainTokens({ issuer: idp.issuer, user: john, cookieJar: jar });
    await idp.endUserSessions('usr_john_smith');

    const silent = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(silent.url, john, { cookieJar: jar });
    expect(callbackParams(callback).get('error')).toBe('login_required');
    await expect(
      refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('pre-fills the user ID from login_hint, escaped', async () => {
    const { url } = authorizationRequest(metadata, {
      extraParams: { login_hint: '"><script>alert(1)</script>' },
    });
    const jar = new CookieJar();
    const start = await browse(url, { jar });
    const html = await (
      await browse(new URL(start.headers.get('location') ?? '', url).href, { jar })
    ).text();
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('protects every page with a strict CSP and no framing', async () => {
    const { url } = authorizationRequest(metadata);
    const jar = new CookieJar();
    const start = await browse(url, { jar });
    const page = await browse(new URL(start.headers.get('location') ?? '', url).href, { jar });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(await page.text()).toContain(`<style nonce="${nonce}">`);
  });

  it('refuses a cross-origin form post to the login page', async () => {
    const { url } = authorizationRequest(metadata);
    const jar = new CookieJar();
    const start = await browse(url, { jar });
    const loginUrl = new URL(start.headers.get('location') ?? '', url).href;
    const response = await browse(`${loginUrl}/login`, {
      jar,
      form: jane,
      headers: { origin: 'http://evil.example' },
    });
    expect(response.status).toBe(403);
  });
});
