import { describe, expect, it } from 'vitest';
import { BANK_API_CLIENT_ID, DASHBOARD_CLIENT_ID } from './constants';
import { browse, jane, john, redirectParams, startTestIdp } from './test-support';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import {
  authorizationRequest,
  createPkcePair,
  exchangeCode,
  postForm,
  readAuthorizationResponse,
  refreshTokens,
} from './testing/flows';

describe('bad input gets OAuth errors, never a crash', async () => {
  const { idp, metadata } = await startTestIdp();

  /** Signs jane in and returns a fresh, unused code with its request. */
  async function freshCode(jar = new CookieJar()) {
    const request = authorizationRequest(metadata);
    const callback = await completeLogin(request.url, jane, { cookieJar: jar });
    const code = readAuthorizationResponse(callback, { state: request.state, issuer: idp.issuer });
    return { request, code };
  }

  const exchange = (
    code: string,
    request: { redirectUri: string; codeVerifier: string },
    overrides: { codeVerifier?: string | undefined; redirectUri?: string; clientId?: string } = {},
  ) =>
    exchangeCode(metadata, {
      code,
      clientId: overrides.clientId ?? DASHBOARD_CLIENT_ID,
      redirectUri: overrides.redirectUri ?? request.redirectUri,
      codeVerifier: 'codeVerifier' in overrides ? overrides.codeVerifier : request.codeVerifier,
    });

  it('shows an error page for an unknown client and does not redirect', async () => {
    const { url } = authorizationRequest(metadata, { clientId: 'no-such-client' });
    const response = await browse(url);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('data-oauth-error="invalid_client"');
  });

  it('shows an error page for an unregistered redirect URI and never redirects to it', async () => {
    const { url } = authorizationRequest(metadata, { redirectUri: 'http://127.0.0.1:5173/evil' });
    const response = await browse(url);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('data-oauth-error="invalid_redirect_uri"');
  });

  it('also refuses a redirect URI that only shares a prefix with a registered one', async () => {
    const { url } = authorizationRequest(metadata, {
      redirectUri: 'http://127.0.0.1:5173/callback/../evil',
    });
    const response = await browse(url);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('requires PKCE: a request without code_challenge is sent back with invalid_request', async () => {
    const { url } = authorizationRequest(metadata, {
      extraParams: { code_challenge: undefined, code_challenge_method: undefined },
    });
    const response = await browse(url);
    expect(response.status).toBe(303);
    const params = redirectParams(response);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('iss')).toBe(idp.issuer);
  });

  it('refuses the plain PKCE method', async () => {
    const { url } = authorizationRequest(metadata, {
      extraParams: { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
    });
    const params = redirectParams(await browse(url));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toMatch(/code_challenge_method/);
  });

  it('refuses the implicit flow', async () => {
    for (const responseType of ['token', 'id_token', 'id_token token', 'code id_token']) {
      const { url } = authorizationRequest(metadata, {
        extraParams: { response_type: responseType },
      });
      const response = await browse(url);
      const location = new URL(response.headers.get('location') ?? '');
      // The error comes back in the query or, for implicit response types, in the fragment.
      const error =
        location.searchParams.get('error') ??
        new URLSearchParams(location.hash.slice(1)).get('error');
      expect(error, responseType).toBe('unsupported_response_type');
    }
  });

  it('refuses a code exchange without the PKCE verifier', async () => {
    const { request, code } = await freshCode();
    await expect(exchange(code, request, { codeVerifier: undefined })).rejects.toMatchObject({
      status: 400,
      error: 'invalid_grant',
    });
  });

  it('refuses a code exchange with the wrong PKCE verifier', async () => {
    const { request, code } = await freshCode();
    await expect(
      exchange(code, request, { codeVerifier: createPkcePair().verifier }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code exchange with a different redirect URI', async () => {
    const { request, code } = await freshCode();
    await expect(
      exchange(code, request, { redirectUri: 'http://localhost:5173/callback' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a reused code, and the reuse revokes what the first exchange issued', async () => {
    const { request, code } = await freshCode();
    const tokens = await exchange(code, request);
    await expect(exchange(code, request)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(
      refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code issued to another client', async () => {
    const { request, code } = await freshCode();
    await expect(exchange(code, request, { clientId: 'no-such-client' })).rejects.toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
  });

  it('refuses an unknown grant type and a missing one', async () => {
    await expect(
      postForm(
        metadata.token_endpoint,
        { grant_type: 'password', username: 'jane.doe', password: 'sesame' },
        { clientId: DASHBOARD_CLIENT_ID },
      ),
    ).rejects.toMatchObject({ error: 'unsupported_grant_type' });
    await expect(
      postForm(metadata.token_endpoint, {}, { clientId: DASHBOARD_CLIENT_ID }),
    ).rejects.toMatchObject({
      error: 'invalid_request',
    });
  });

  it('refuses the bank API with a wrong secret at introspection', async () => {
    await expect(
      postForm(
        String(metadata.introspection_endpoint),
        { token: 'x' },
        {
          clientId: BANK_API_CLIENT_ID,
          clientSecret: 'wrong-secret',
        },
      ),
    ).rejects.toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('answers a form post to the login page without its interaction cookie with an error page', async () => {
    const { url } = authorizationRequest(metadata);
    const first = await browse(url, { jar: new CookieJar() });
    const interactionUrl = new URL(first.headers.get('location') ?? '', url).href;
    // A fresh jar: the attacker's browser does not hold the victim's interaction cookie.
    const response = await browse(`${interactionUrl}/login`, {
      form: { login: john.login, password: john.password },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('data-oauth-error="session_expired"');
  });

  it('refuses a login post that is not a small urlencoded form', async () => {
    const jar = new CookieJar();
    const { url } = authorizationRequest(metadata);
    const first = await browse(url, { jar });
    const loginUrl = `${new URL(first.headers.get('location') ?? '', url).href}/login`;
    const asJson = await fetch(loginUrl, {
      method: 'POST',
      headers: { cookie: jar.header(loginUrl) ?? '', 'content-type': 'application/json' },
      body: JSON.stringify(jane),
    });
    expect(asJson.status).toBe(415);
    const huge = await browse(loginUrl, {
      jar,
      form: { login: 'jane.doe', password: 'x'.repeat(20_000) },
    });
    expect(huge.status).toBe(413);
  });

  it('logged every failure as a request line, with no server error', () => {
    expect(
      idp.logs.some((line) => line.startsWith('server_error') || line.startsWith('error ')),
    ).toBe(false);
    expect(idp.logs.some((line) => / 500 /.test(line))).toBe(false);
    expect(idp.logs.some((line) => line.includes('error=invalid_redirect_uri'))).toBe(true);
  });
});
