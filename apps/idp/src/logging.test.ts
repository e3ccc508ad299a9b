import { describe, expect, it } from 'vitest';
import { BANK_API_CLIENT_ID, BANK_API_CLIENT_SECRET, DASHBOARD_CLIENT_ID } from './constants';
import { browse, jane, startTestIdp } from './test-support';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import {
  authorizationRequest,
  exchangeCode,
  postForm,
  readAuthorizationResponse,
  refreshTokens,
} from './testing/flows';

describe('request log', async () => {
  const received: string[] = [];
  const { idp, metadata } = await startTestIdp({ logger: (line) => received.push(line) });
  const secrets: Record<string, string> = {};

  // A whole session's worth of traffic, collecting every secret value that crossed the wire.
  const jar = new CookieJar();
  const wrongPassword = 'hunter2-Wrong!';
  const request = authorizationRequest(metadata, { extraParams: { login_hint: 'jane.doe' } });
  await expect(
    completeLogin(request.url, { login: 'jane.doe', password: wrongPassword }, { cookieJar: jar }),
  ).rejects.toThrow();
  const callback = await completeLogin(request.url, jane, { cookieJar: jar });
  const code = readAuthorizationResponse(callback, { state: request.state, issuer: idp.issuer });
  const tokens = await exchangeCode(metadata, {
    code,
    clientId: DASHBOARD_CLIENT_ID,
    redirectUri: request.redirectUri,
    codeVerifier: request.codeVerifier,
  });
  const refreshed = await refreshTokens({
    issuer: idp.issuer,
    refreshToken: tokens.refresh_token ?? '',
  });
  await refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }).catch(
    () => undefined,
  );
  await postForm(
    String(metadata.introspection_endpoint),
    { token: refreshed.access_token },
    {
      clientId: BANK_API_CLIENT_ID,
      clientSecret: BANK_API_CLIENT_SECRET,
    },
  ).catch(() => undefined);
  await browse(String(metadata.userinfo_endpoint), {
    headers: { authorization: `Bearer ${refreshed.access_token}` },
  });
  Object.assign(secrets, {
    code,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? '',
    idToken: tokens.id_token ?? '',
    rotatedRefreshToken: refreshed.refresh_token ?? '',
    rotatedAccessToken: refreshed.access_token,
    password: jane.password,
    wrongPassword,
    clientSecret: BANK_API_CLIENT_SECRET,
    codeVerifier: request.codeVerifier,
    state: request.state,
    nonce: request.nonce,
  });
  for (const [index, cookie] of (jar.header(`${idp.issuer}/auth/x`) ?? '').split('; ').entries()) {
    secrets[`cookie${index}`] = cookie.slice(cookie.indexOf('=') + 1);
  }

  it('writes one line per request: method, path, status, client, duration', () => {
    expect(idp.logs.length).toBeGreaterThan(10);
    for (const line of idp.logs) {
      expect(line).toMatch(/^(GET|POST|HEAD) \/\S* \d{3} client=\S+( error=[a-z_]+)? \d+ms$/);
    }
    expect(idp.logs).toContain(
      idp.logs.find((line) => line.startsWith('POST /token 200 client=bank-dashboard')),
    );
    expect(
      idp.logs.some((line) =>
        /^POST \/token 400 client=bank-dashboard error=invalid_grant /.test(line),
      ),
    ).toBe(true);
    expect(
      idp.logs.some((line) =>
        /^POST \/interaction\/\S+\/login 400 client=bank-dashboard /.test(line),
      ),
    ).toBe(true);
  });

  it('hands every line to the logger option as well', () => {
    expect(received).toEqual(idp.logs);
  });

  it('never logs a query string', () => {
    for (const line of idp.logs) expect(line).not.toContain('?');
  });

  it('never logs a token, a code, a password, a secret or a cookie', () => {
    const text = idp.logs.join('\n');
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThan(5);
      expect(text.includes(value), `${name} leaked into the log`).toBe(false);
    }
  });
});
