// One API's token at the other API (issue 21): the bank API (aud https://bank.sesame.test/api) and
// the investments API (aud https://invest.sesame.test/api) each accept only tokens addressed to
// themselves, whatever scopes a token carries. Real IdP (resource indicators), real APIs, real
// tokens; a forgery only where the case is one (signed by a key planted in the IdP's JWKS).
import { start as startInvestApi, type RunningInvestApi } from '@sesame/invest-api';
import { obtainTokens, refreshTokens, type TokenSet } from '@sesame/idp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsOf, patch, plantKey, type Signer } from './support/forge';
import { APP, credentials, expectNotLogged, startStack, type Stack } from './support/stack';

const BANK = 'https://bank.sesame.test/api';
const INVEST = 'https://invest.sesame.test/api';
const SCOPE = 'openid profile email accounts:read transfers:write cards:write portfolio:read';
const audienceMismatch =
  'Bearer realm="sesame-bank", error="invalid_token", error_description="audience mismatch"';

let stack: Stack;
let invest: RunningInvestApi;
let planted: Signer;
let bankToken: TokenSet;
let investToken: TokenSet;

beforeAll(async () => {
  stack = await startStack();
  invest = await startInvestApi({
    port: 0,
    issuer: stack.issuer,
    anchorDate: '2025-03-15',
    allowedOrigins: [APP],
  });
  planted = await plantKey(stack.proxy);
  bankToken = await obtainTokens({
    issuer: stack.issuer,
    user: credentials('jane.doe'),
    redirectUri: `${APP}/callback`,
    scope: SCOPE,
  });
  investToken = await refreshTokens({
    issuer: stack.issuer,
    refreshToken: bankToken.refresh_token ?? '',
    resource: INVEST,
  });
});
afterAll(async () => {
  await invest.stop();
  await stack.stop();
});

async function call(base: string, path: string, token: string) {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    text: await response.text(),
  };
}

/** Nothing of either token in any log line of the IdP or of either API. */
function expectNoTokenLogged(...tokens: string[]) {
  expectNotLogged(stack, ...tokens, bankToken.access_token, investToken.access_token);
  const investLogs = JSON.stringify([invest.logs, invest.requestLog]);
  for (const token of [...tokens, bankToken.access_token, investToken.access_token]) {
    expect(investLogs.includes(token), 'a token appears in the investments API logs').toBe(false);
  }
}

describe('one API’s token at the other API', () => {
  it('control: the bank token at the bank API → 200; the investments token at the investments API → 200', async () => {
    expect(partsOf(bankToken.access_token).claims.aud).toBe(BANK);
    expect(partsOf(investToken.access_token).claims.aud).toBe(INVEST);
    expect((await call(stack.api.url, '/accounts', bankToken.access_token)).status).toBe(200);
    const portfolio = await call(invest.url, '/portfolio', investToken.access_token);
    expect(portfolio.status).toBe(200);
    expect(portfolio.text).toContain('holdings');
  });

  it('the bank API’s token sent to the investments API → 401 invalid_token "audience mismatch", no portfolio data', async () => {
    const response = await call(invest.url, '/portfolio', bankToken.access_token);
    expect(response.status).toBe(401);
    expect(response.challenge).toBe(audienceMismatch);
    expect(response.text).not.toMatch(/holdings|totalValueMinor/);
    expect(invest.requestLog.at(-1)).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(invest.requestLog.at(-1)?.sub).toBeUndefined();
    expectNoTokenLogged();
  });

  it('the investments API’s token sent to the bank API → 401 invalid_token "audience mismatch", no account data', async () => {
    const response = await call(stack.api.url, '/accounts', investToken.access_token);
    expect(response.status).toBe(401);
    expect(response.challenge).toBe(audienceMismatch);
    expect(response.text).not.toMatch(/acc_|balance/);
    expectNoTokenLogged();
  });

  it('an investments token that also claims the bank scopes (forged, validly signed) → 401 at the bank API: the audience decides, not the scopes', async () => {
    const real = partsOf(investToken.access_token);
    const forged = await planted.sign(
      { typ: 'at+jwt', kid: planted.kid, alg: 'RS256' },
      patch(real.claims, { scope: 'accounts:read transfers:write portfolio:read' }),
    );
    const response = await call(stack.api.url, '/accounts', forged);
    expect(response.status).toBe(401);
    expect(response.challenge).toBe(audienceMismatch);
    expectNoTokenLogged(forged);
  });

  it('the IdP never puts portfolio:* in a bank token nor bank scopes in an investments token', () => {
    const bankScopes = String(partsOf(bankToken.access_token).claims.scope).split(' ');
    const investScopes = String(partsOf(investToken.access_token).claims.scope).split(' ');
    expect(bankScopes.filter((scope) => scope.startsWith('portfolio:'))).toEqual([]);
    expect(investScopes).toEqual(['portfolio:read']);
  });

  it('a refresh for a resource the IdP does not know → 400 invalid_target, and the refresh token still works', async () => {
    const fresh = await obtainTokens({
      issuer: stack.issuer,
      user: credentials('ann.viewer'),
      redirectUri: `${APP}/callback`,
      scope: SCOPE,
    });
    await expect(
      refreshTokens({
        issuer: stack.issuer,
        refreshToken: fresh.refresh_token ?? '',
        resource: 'https://evil.example/api',
      }),
    ).rejects.toMatchObject({ status: 400, error: 'invalid_target' });
    const again = await refreshTokens({
      issuer: stack.issuer,
      refreshToken: fresh.refresh_token ?? '',
      resource: INVEST,
    });
    expect(partsOf(again.access_token).claims.aud).toBe(INVEST);
  });
});
