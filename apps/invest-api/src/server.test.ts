import {
  DEFAULT_DASHBOARD_SCOPE,
  obtainTokens,
  refreshTokens,
  startIdp,
  USERS,
  type RunningIdp,
  type TokenSet,
} from '@sesame/test-stack/real-idp';
import {
  INVEST_API_AUDIENCE,
  startInvestApi,
  type RunningInvestApi,
} from '@sesame/test-stack/real-invest-api';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What the dashboard asks for when it calls both APIs.
const SCOPE = `${DEFAULT_DASHBOARD_SCOPE} portfolio:read`;
const APP_ORIGIN = 'http://127.0.0.1:5173';
const BANK_API_AUDIENCE = 'https://bank.sesame.test/api';

let idp: RunningIdp;
let api: RunningInvestApi;
const sentTokens = new Set<string>();

/** A sign-in for both APIs: the bank token from the code, the investments token by refresh. */
async function signIn(user: keyof typeof USERS, scope = SCOPE) {
  const bank = await obtainTokens({ issuer: idp.issuer, user: USERS[user], scope });
  const invest = await refreshTokens({
    issuer: idp.issuer,
    refreshToken: bank.refresh_token ?? '',
    resource: INVEST_API_AUDIENCE,
  });
  return { bank, invest };
}

async function call(path: string, token?: string, headers: Record<string, string> = {}) {
  if (token !== undefined) sentTokens.add(token);
  const response = await fetch(`${api.url}${path}`, {
    headers: { ...headers, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

beforeAll(async () => {
  idp = await startIdp();
  api = await startInvestApi({ issuer: idp.issuer, anchorDate: '2025-03-15', admin: true });
});
afterAll(async () => {
  // No token a test sent may appear in any log line or request-log entry.
  const logged = JSON.stringify([api.logs, api.requestLog]);
  for (const token of sentTokens) expect(logged).not.toContain(token);
  expect(sentTokens.size).toBeGreaterThan(3);
  await api.stop();
  await idp.stop();
});

describe('the investments API over HTTP, with the real IdP', () => {
  it('serves the portfolio, its performance and allocation for an investments token', async () => {
    const { invest } = await signIn('ann');
    expect(decodeJwt(invest.access_token).aud).toBe(INVEST_API_AUDIENCE);
    const portfolio = await call('/portfolio', invest.access_token);
    expect(portfolio.status).toBe(200);
    expect(portfolio.body).toMatchObject({ currency: 'EUR', asOf: '2025-03-15' });
    expect(portfolio.body.holdings.length).toBeGreaterThan(3);
    const performance = await call('/portfolio/performance?days=7', invest.access_token);
    expect(performance.body.points).toHaveLength(7);
    expect(performance.body.points.at(-1).valueMinor).toBe(portfolio.body.totalValueMinor);
    const allocation = await call('/portfolio/allocation', invest.access_token);
    expect(allocation.status).toBe(200);
    expect(api.requestLog.at(-1)).toMatchObject({ sub: 'usr_ann_viewer', tokenKind: 'at+jwt' });
  });

  it('answers the same data to every token of the same customer (deterministic)', async () => {
    const first = await signIn('jane');
    const second = await signIn('jane');
    const a = await call('/portfolio', first.invest.access_token);
    const b = await call('/portfolio', second.invest.access_token);
    expect(a.body).toEqual(b.body);
    const other = await call('/portfolio', (await signIn('john')).invest.access_token);
    expect(other.body.holdings).not.toEqual(a.body.holdings);
  });

  it('refuses the bank API’s token: 401 invalid_token, audience mismatch', async () => {
    const { bank } = await signIn('jane');
    expect(decodeJwt(bank.access_token).aud).toBe(BANK_API_AUDIENCE);
    const response = await call('/portfolio', bank.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(response.headers.get('www-authenticate')).toContain('audience mismatch');
    expect(response.body).toMatchObject({ code: 'invalid_token' });
  });

  it('answers 403 insufficient_scope to an investments token without portfolio:read', async () => {
    // Signed in for the bank only, then the refresh names the investments API with no scope for it.
    const tokens: TokenSet = await obtainTokens({
      issuer: idp.issuer,
      user: USERS.jane,
      scope: `${DEFAULT_DASHBOARD_SCOPE} portfolio:trade`,
    });
    const invest = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: tokens.refresh_token ?? '',
      resource: INVEST_API_AUDIENCE,
    });
    expect(String(decodeJwt(invest.access_token).scope)).toBe('portfolio:trade');
    const response = await call('/portfolio', invest.access_token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(response.headers.get('www-authenticate')).toContain('scope="portfolio:read"');
  });

  it('answers without a token with a bare challenge, and refuses a token in the URL', async () => {
    const bare = await call('/portfolio');
    expect(bare.status).toBe(401);
    expect(bare.body).toMatchObject({ code: 'missing_token' });
    const inUrl = await call('/portfolio?access_token=abc');
    expect(inUrl.status).toBe(400);
  });

  it('allows the dashboard origin only (CORS), like the bank API', async () => {
    const { invest } = await signIn('ann');
    const allowed = await call('/portfolio', invest.access_token, { origin: APP_ORIGIN });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const refused = await call('/portfolio', invest.access_token, { origin: 'http://evil.test' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects the next valid token once when told to (fault), then serves again', async () => {
    const { invest } = await signIn('ann');
    api.faults.set({ rejectNextValidTokens: 1 });
    const rejected = await call('/portfolio', invest.access_token);
    expect(rejected.status).toBe(401);
    expect(rejected.body).toMatchObject({ code: 'invalid_token' });
    expect((await call('/portfolio', invest.access_token)).status).toBe(200);
  });

  it('checks ?days= of the performance route', async () => {
    const { invest } = await signIn('ann');
    expect((await call('/portfolio/performance?days=0', invest.access_token)).status).toBe(400);
    expect((await call('/portfolio/performance?days=366', invest.access_token)).status).toBe(400);
    const fallback = await call('/portfolio/performance', invest.access_token);
    expect(fallback.body.points).toHaveLength(30);
  });
});
