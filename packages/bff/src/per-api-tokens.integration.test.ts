// One refresh token, one access token per API (RFC 8707), against the real IdP, the real bank API
// and the real investments API (each checking its own audience), on the memory store: each API gets a token of its own
// audience and never another's, concurrent calls at expiry refresh once per API, a 401 from one API
// refreshes only that API's token, and a resource the IdP refuses is a typed 403, never a loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type Bff } from './bff';
import type { SessionRecord } from './session-record';
import {
  BANK,
  callBothApisAtOnce,
  expireTokens,
  INVEST,
  jwtPayload,
  sessionOf,
  signInToBothApis,
  startTwoApis,
  tokensIssuedFromNow,
  type TwoApis,
} from './test-support/two-apis';

let apis: TwoApis;
beforeAll(async () => {
  apis = await startTwoApis();
});
afterAll(() => apis.stop());

const stored = async (key: string) => (await apis.stack.store.get(key)) as SessionRecord;
const invalidGrants = () => apis.stack.idp.counters().tokenErrors.invalid_grant ?? 0;

/** A BFF for both APIs and one more, `name`, with `resource`, in front of the bank API's server. */
const bffWithApi = (name: string, resource: string) =>
  createBff({
    ...apis.options,
    apis: { ...apis.options.apis, [name]: { url: apis.stack.api.url, resource } },
  });

/** Serves `bff` while `run` runs, then the usual BFF for both APIs again (also when `run` fails). */
async function whileServing(bff: Bff, run: () => Promise<void>) {
  apis.stack.serve(bff);
  try {
    await run();
  } finally {
    apis.stack.serve(apis.bffFor());
  }
}

describe('one access token per API', () => {
  it('signs in for both APIs, and gives each a token of its own audience and scopes only', async () => {
    const browser = apis.stack.browser();
    const trip = await browser.signIn('jane');
    expect(trip.callback.status).toBe(302);
    const key = sessionOf(browser);
    const issuedBefore = apis.issuedFor(INVEST);

    const bank = await browser.fetch('/bff/api/bank/accounts');
    expect(bank.status).toBe(200);
    // The investments token is asked for on the first request to that API (a refresh grant).
    const invest = await browser.fetch('/bff/api/investments/portfolio');
    expect(invest.status).toBe(200);
    expect((await invest.json()).holdings.length).toBeGreaterThan(0);
    expect(apis.invest.requestLog.at(-1)).toMatchObject({
      path: '/portfolio',
      status: 200,
      sub: 'usr_jane_doe',
    });
    expect(apis.issuedFor(INVEST) - issuedBefore).toBe(1);
    // Another API of the investments resource shares its token: no new token request.
    expect((await browser.fetch('/bff/api/invest-echo/portfolio')).status).toBe(200);
    expect(apis.issuedFor(INVEST) - issuedBefore).toBe(1);

    const session = await stored(key);
    expect(session.resource).toBe(BANK);
    expect(session.resources).toEqual([BANK, INVEST]);
    const bankClaims = jwtPayload(session.accessToken);
    expect(bankClaims.aud).toBe(BANK);
    expect(String(bankClaims.scope)).not.toMatch(/portfolio/);
    const investToken = session.apiTokens?.[INVEST]?.accessToken;
    expect(investToken).toBeDefined();
    const investClaims = jwtPayload(investToken!);
    expect(investClaims.aud).toBe(INVEST);
    expect(investClaims.scope).toBe('portfolio:read');
    // Both bound to the session's one DPoP key.
    expect(investClaims.cnf).toEqual(bankClaims.cnf);
    // What an API of the investments resource received: its own token, never the bank's.
    expect(apis.investTokens().at(-1)).toBe(investToken);
    expect(apis.investTokens()).not.toContain(session.accessToken);

    // /session tells each API's expiry and scopes, never a token.
    const view = await (await browser.fetch('/bff/session')).json();
    expect(view.apis.investments).toEqual({
      accessTokenExpiresAt: session.apiTokens![INVEST]!.accessTokenExpiresAt,
      scopes: ['portfolio:read'],
    });
    expect(view.apis.bank.scopes).toContain('accounts:read');
    const text = JSON.stringify(view);
    const logs = apis.stack.logs.join('\n');
    for (const secret of [session.accessToken, investToken!, session.refreshToken!]) {
      expect(text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });

  it("a page's first calls to both APIs at once, right after sign-in: one token request for the investments API", async () => {
    const browser = apis.stack.browser();
    await browser.signIn('john');
    const issued = tokensIssuedFromNow(apis);
    const answers = await Promise.all(
      ['/portfolio', '/portfolio/allocation', '/portfolio/performance?days=7'].flatMap((path) => [
        browser.fetch(`/bff/api/investments${path}`),
        browser.fetch('/bff/api/bank/accounts'),
      ]),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(issued()).toEqual({ bank: 0, invest: 1 });
  });

  it('concurrent calls to both APIs at expiry: one refresh per API at the IdP, no invalid_grant, all succeed', async () => {
    const { browser, key } = await signInToBothApis(apis, 'jane');
    const before = await expireTokens(apis.stack.store, key);
    const issued = tokensIssuedFromNow(apis);
    const refreshesBefore = apis.stack.refreshes();
    const grantErrorsBefore = invalidGrants();

    expect(await callBothApisAtOnce(browser, 20)).toEqual(Array(20).fill(200));
    expect(issued()).toEqual({ bank: 1, invest: 1 });
    expect(apis.stack.refreshes() - refreshesBefore).toBe(2);
    expect(invalidGrants() - grantErrorsBefore).toBe(0);
    const after = await stored(key);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(jwtPayload(after.accessToken).aud).toBe(BANK);
    expect(jwtPayload(after.apiTokens![INVEST]!.accessToken).aud).toBe(INVEST);
  });

  it("a 401 from the bank API refreshes only the bank's token, once, and retries once", async () => {
    const { browser, key } = await signInToBothApis(apis, 'jane');
    const before = await stored(key);
    const issued = tokensIssuedFromNow(apis);

    apis.stack.api.faults.set({ rejectNextValidTokens: 1 });
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect(issued()).toEqual({ bank: 1, invest: 0 });
    const after = await stored(key);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.apiTokens?.[INVEST]).toEqual(before.apiTokens?.[INVEST]);
    // The investments API goes on with the token it had.
    expect((await browser.fetch('/bff/api/investments/portfolio')).status).toBe(200);
    expect((await browser.fetch('/bff/api/invest-echo/portfolio')).status).toBe(200);
    expect(apis.investTokens().at(-1)).toBe(before.apiTokens?.[INVEST]?.accessToken);
    expect(issued().invest).toBe(0);
  });

  it('a 401 from the investments API refreshes only the investments token, once, and retries once', async () => {
    const { browser, key } = await signInToBothApis(apis, 'ann');
    const before = await stored(key);
    const issued = tokensIssuedFromNow(apis);
    const logBefore = apis.invest.requestLog.length;

    apis.invest.faults.set({ rejectNextValidTokens: 1 });
    expect((await browser.fetch('/bff/api/investments/portfolio/allocation')).status).toBe(200);
    expect(apis.invest.requestLog.slice(logBefore).map((entry) => entry.status)).toEqual([
      401, 200,
    ]);
    expect(issued()).toEqual({ bank: 0, invest: 1 });
    const after = await stored(key);
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.apiTokens?.[INVEST]?.accessToken).not.toBe(
      before.apiTokens?.[INVEST]?.accessToken,
    );
    expect(jwtPayload(after.apiTokens![INVEST]!.accessToken).aud).toBe(INVEST);
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect(issued().bank).toBe(0);
  });
});

describe('a resource the IdP refuses', () => {
  it('refuses an API added after the sign-in with 403 resource_refused, without asking the IdP', async () => {
    const browser = apis.stack.browser();
    await browser.signIn('jane');
    await whileServing(bffWithApi('cards', 'https://cards.sesame.test/api'), async () => {
      const tokenRequests = apis.stack.idp.counters().tokenRequests.refresh_token;
      const answer = await browser.fetch('/bff/api/cards/accounts');
      expect(answer.status).toBe(403);
      expect((await answer.json()).error).toBe('resource_refused');
      expect(apis.stack.idp.counters().tokenRequests.refresh_token).toBe(tokenRequests);
      // The session and the other APIs are untouched.
      expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    });
  });

  it("answers the IdP's invalid_target with 403 resource_refused once, then never asks again", async () => {
    const browser = apis.stack.browser();
    await browser.signIn('jane');
    const key = sessionOf(browser);
    // A session that did not record its sign-in's resources (made before they were kept), for a
    // resource the IdP does not know.
    const { resources: _resources, ...session } = await stored(key);
    await apis.stack.store.set(key, session, 600_000);
    const unknown = 'https://unknown.sesame.test/api';
    await whileServing(bffWithApi('unknown', unknown), async () => {
      const targetErrors = () => apis.stack.idp.counters().tokenErrors.invalid_target ?? 0;
      const before = targetErrors();
      for (let i = 0; i < 3; i++) {
        const answer = await browser.fetch('/bff/api/unknown/accounts');
        expect(answer.status).toBe(403);
        expect((await answer.json()).error).toBe('resource_refused');
      }
      expect(targetErrors() - before).toBe(1);
      expect((await stored(key)).refusedResources).toEqual([unknown]);
      expect(apis.stack.logs.join('\n')).toMatch(/refused a token for https:\/\/unknown/);
    });
  });

  it('answers 403 resource_refused for scopes the user is not entitled to, and keeps the session', async () => {
    // john.smith may read his portfolio but not trade: the IdP leaves portfolio:trade out of his
    // grant, and a refresh asking for it is refused with invalid_scope.
    const trading = createBff({
      ...apis.options,
      apis: {
        ...apis.options.apis,
        investments: {
          url: apis.options.apis!.investments!.url,
          resource: INVEST,
          scopes: 'portfolio:trade',
        },
      },
    });
    await whileServing(trading, async () => {
      const browser = apis.stack.browser();
      await browser.signIn('john');
      const scopeErrors = () => apis.stack.idp.counters().tokenErrors.invalid_scope ?? 0;
      const before = scopeErrors();
      for (let i = 0; i < 2; i++) {
        const answer = await browser.fetch('/bff/api/investments/portfolio');
        expect(answer.status).toBe(403);
        expect((await answer.json()).error).toBe('resource_refused');
      }
      expect(scopeErrors() - before).toBe(1);
      // The refresh token was not spent: the bank API's token still refreshes.
      await expireTokens(apis.stack.store, sessionOf(browser));
      const grantErrors = invalidGrants();
      expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
      expect(invalidGrants()).toBe(grantErrors);
    });
  });

  it('shows resource_refused on the sign-in page when the IdP refuses a resource of the sign-in', async () => {
    await whileServing(bffWithApi('unknown', 'https://unknown.sesame.test/api'), async () => {
      const answer = await apis.stack.browser().navigate('/bff/login');
      expect(answer.status).toBe(502);
      expect(await answer.text()).toContain('data-error-code="resource_refused"');
    });
  });
});
