// The `apis` setting (several APIs, RFC 8707): per-API token cache, selection by origin and path,
// per-API single-flight, one use of the refresh token at a time, step-up. Fake IdP (which revokes the
// grant on a reused refresh token, like oidc-provider) and two small APIs on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { apis, missingScopes, pickApi } from './apis';
import { AuthError } from './errors';
import { decideStepUp } from './sign-in-policy';
import { crossTabLock } from './refresh-lock';
import { lastUrl, makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';
import { fakeLockManager, installLocks } from './testing/tabs';

const BANK = 'https://bank.example/api';
const INVEST = 'https://invest.example/api';

interface Api {
  url: string;
  /** `path authorization` of every request. */
  seen: string[];
  /** Paths that answer 401 once. */
  rejectOnce: Set<string>;
  stop(): Promise<void>;
}

async function startApi(): Promise<Api> {
  const seen: string[] = [];
  const rejectOnce = new Set<string>();
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? 'none'}`);
    if (rejectOnce.delete(req.url!)) {
      return void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    }
    if (req.url === '/scope') {
      return void res
        .writeHead(403, {
          'www-authenticate': 'Bearer error="insufficient_scope", scope="portfolio:trade"',
        })
        .end();
    }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    rejectOnce,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Token requests as the IdP saw them (grant type and resource), and how many overlapped at most. */
function watchTokenRequests(refuse?: string) {
  const requests: { grant: string; resource: string | null; scope: string | null }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.endsWith('/token')) return real(input, init);
    const form = new URLSearchParams(String(init?.body));
    requests.push({
      grant: form.get('grant_type')!,
      resource: form.get('resource'),
      scope: form.get('scope'),
    });
    if (refuse && form.get('resource') === refuse) {
      return new Response(JSON.stringify({ error: 'invalid_target' }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    }
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      // A slow IdP, so that overlapping requests would overlap.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return await real(input, init);
    } finally {
      inFlight--;
    }
  });
  return {
    requests,
    refreshes: (resource: string | null) =>
      requests.filter((r) => r.grant === 'refresh_token' && r.resource === resource).length,
    maxInFlight: () => maxInFlight,
  };
}

let idp: FakeIdp;
let bank: Api;
let invest: Api;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
  bank = await startApi();
  invest = await startApi();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all([idp.stop(), bank.stop(), invest.stop()]);
});

const twoApis = () =>
  apis({
    bank: { origin: bank.url, resource: BANK, scopes: ['accounts:read'] },
    investments: { origin: invest.url, resource: INVEST, scopes: ['portfolio:read'] },
  });

describe('apis() settings', () => {
  it.each([
    [{}, /at least one API/],
    [{ a: { origin: 'https://x.example/path', resource: BANK } }, /exact origin/],
    [{ a: { origin: 'https://x.example', resource: 'not a uri' } }, /absolute URI/],
    [{ a: { origin: 'https://x.example', resource: `${BANK}#f` } }, /without fragment/],
    [{ a: { origin: 'https://x.example', resource: BANK, path: 'x' } }, /must start with "\/"/],
  ])('refuses %j', (definitions, message) => {
    expect(() => apis(definitions as never)).toThrow(message);
    expect(() => apis(definitions as never)).toThrow(AuthError);
  });

  it("refuses an apis setting that is not apis()'s result", () => {
    expect(() => makeClient(idp, { apis: { bank: {} } as never })).toThrow(
      /apis must be apis\(\)'s result/,
    );
  });
});

describe('choosing the API of a request', () => {
  const pick = (url: string) =>
    pickApi(
      {
        accounts: { origin: 'https://api.example', path: '/accounts', resource: BANK },
        payments: { origin: 'https://api.example', path: '/accounts/payments/', resource: BANK },
        invest: { origin: 'https://invest.example', resource: INVEST },
      },
      new URL(url),
    );

  it('matches the exact origin and the longest path prefix, segment by segment', () => {
    expect(pick('https://api.example/accounts')).toBe('accounts');
    expect(pick('https://api.example/accounts/1?x=1')).toBe('accounts');
    expect(pick('https://api.example/accounts/payments/7')).toBe('payments');
    expect(pick('https://invest.example/anything')).toBe('invest');
  });

  it("answers false for an API's origin outside every path, undefined for other origins", () => {
    expect(pick('https://api.example/accountsx')).toBe(false);
    expect(pick('https://api.example/')).toBe(false);
    expect(pick('https://api.example.evil.net/accounts')).toBeUndefined();
    expect(pick('http://api.example/accounts')).toBeUndefined();
  });
});

describe('one token per API', () => {
  it("gets another API's token with the refresh grant and its resource, then serves it from the cache", async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    const watch = watchTokenRequests();
    const bankToken = client.peekAccessToken();
    expect(await client.getAccessToken({ api: 'bank' })).toBe(bankToken);
    expect(await client.getAccessToken()).toBe(bankToken);
    expect(client.peekAccessToken('investments')).toBeNull();

    const investToken = await client.getAccessToken({ api: 'investments' });
    expect(investToken).not.toBe(bankToken);
    expect(watch.requests).toEqual([{ grant: 'refresh_token', resource: INVEST, scope: null }]);
    expect(await client.getAccessToken({ api: 'investments' })).toBe(investToken);
    expect(client.peekAccessToken('investments')).toBe(investToken);
    expect(client.peekAccessToken()).toBe(bankToken); // untouched
    expect(watch.requests).toHaveLength(1);

    // The rotated refresh token is the one used next (the fake IdP ends the grant on a reuse).
    await client.getAccessToken({ api: 'bank', forceRefresh: true });
    expect(watch.refreshes(BANK)).toBe(1);
    expect(idp.counters.invalid_grant).toBe(0);
  });

  it('refreshes once per API for concurrent callers, one token request at a time', async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    const watch = watchTokenRequests();
    const bankToken = client.peekAccessToken()!;
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => client.getAccessToken({ api: 'investments' })),
      ...Array.from({ length: 10 }, () =>
        client.getAccessToken({ api: 'bank', forceRefresh: { rejectedToken: bankToken } }),
      ),
    ]);
    expect(watch.refreshes(INVEST)).toBe(1);
    expect(watch.refreshes(BANK)).toBe(1);
    expect(watch.maxInFlight()).toBe(1);
    expect(idp.counters.invalid_grant).toBe(0);
    expect(new Set(results.slice(0, 10))).toEqual(new Set([client.peekAccessToken('investments')]));
    expect(new Set(results.slice(10))).toEqual(new Set([client.peekAccessToken('bank')]));
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('rejects api_unknown for a name the setting does not list, and without the setting', async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    await expect(client.getAccessToken({ api: 'loans' })).rejects.toMatchObject({
      code: 'api_unknown',
    });
    const { client: single } = makeClient(idp);
    await expect(single.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'api_unknown',
    });
  });

  it('rejects resource_refused when the IdP refuses a resource (invalid_target), and the session goes on', async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    watchTokenRequests(INVEST);
    await expect(client.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'resource_refused',
      oauthError: 'invalid_target',
      step: 'refresh',
    });
    expect(client.getSnapshot().status).toBe('authenticated');
    await expect(client.fetch(`${bank.url}/ok`)).resolves.toMatchObject({ status: 200 });
  });

  it("forgets every API's token when the session ends", async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    await client.getAccessToken({ api: 'investments' });
    await client.signOut({ redirect: false });
    // The refresh token, the first API's token and the investments token.
    expect(idp.counters.revocations).toBe(3);
    expect(client.peekAccessToken('investments')).toBeNull();
    expect(JSON.stringify(sessionStorage)).not.toContain('"apis"');
    await expect(client.getAccessToken({ api: 'investments' })).rejects.toMatchObject({
      code: 'login_required',
    });
  });
});

describe('tabs sharing tokens (storage: local)', () => {
  let uninstall = () => {};
  afterEach(() => {
    uninstall();
    uninstall = () => {};
  });

  it("three tabs asking for another API's token at once: one request, the tabs share it, the first API's token and the refresh token stay usable", async () => {
    uninstall = installLocks(fakeLockManager().locks);
    const settings = { storage: 'local', apis: twoApis(), crossTabLock } as const;
    const first = await signedIn(idp, settings);
    const tabs = [first.client, makeClient(idp, settings).client, makeClient(idp, settings).client];
    await Promise.all(tabs.map((tab) => tab.initialize()));
    const watch = watchTokenRequests();
    const tokens = await Promise.all(
      tabs.flatMap((tab) =>
        Array.from({ length: 5 }, () => tab.getAccessToken({ api: 'investments' })),
      ),
    );
    expect(watch.refreshes(INVEST)).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    // The rotated refresh token reached every tab: each refreshes the bank token in turn, no reuse.
    for (const tab of tabs) await tab.getAccessToken({ api: 'bank', forceRefresh: true });
    expect(watch.refreshes(BANK)).toBe(3);
    expect(idp.counters.invalid_grant).toBe(0);
    for (const tab of tabs) expect(tab.getSnapshot().status).toBe('authenticated');
    for (const tab of tabs) tab.dispose();
  });
});

describe('client.fetch with several APIs', () => {
  it("sends each API its own token and never another API's", async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    await client.fetch(`${bank.url}/accounts`);
    await client.fetch(`${invest.url}/portfolio`);
    const bankToken = client.peekAccessToken('bank')!;
    const investToken = client.peekAccessToken('investments')!;
    expect(bank.seen).toEqual([`/accounts Bearer ${bankToken}`]);
    expect(invest.seen).toEqual([`/portfolio Bearer ${investToken}`]);
  });

  it('a 401 from one API refreshes only that API’s token, then retries once', async () => {
    const { client } = await signedIn(idp, { apis: twoApis() });
    await client.fetch(`${invest.url}/portfolio`);
    const watch = watchTokenRequests();
    const bankToken = client.peekAccessToken('bank');
    const before = client.peekAccessToken('investments');
    invest.rejectOnce.add('/portfolio');
    const response = await client.fetch(`${invest.url}/portfolio`);
    expect(response.status).toBe(200);
    expect(watch.requests).toEqual([{ grant: 'refresh_token', resource: INVEST, scope: null }]);
    expect(client.peekAccessToken('investments')).not.toBe(before);
    expect(client.peekAccessToken('bank')).toBe(bankToken);
    expect(invest.seen.slice(-2)).toEqual([
      `/portfolio Bearer ${before}`,
      `/portfolio Bearer ${client.peekAccessToken('investments')}`,
    ]);
  });

  it('sends no token to a path of an API origin that no API claims; required: token_origin_not_allowed', async () => {
    const { client } = await signedIn(idp, {
      apis: apis({
        bank: { origin: bank.url, path: '/accounts', resource: BANK },
        investments: { origin: invest.url, resource: INVEST },
      }),
      // apiOrigins never adds a token on an API's origin.
      apiOrigins: [bank.url],
    });
    await client.fetch(`${bank.url}/public`);
    expect(bank.seen).toEqual(['/public none']);
    await expect(client.fetch(`${bank.url}/public`, { auth: 'required' })).rejects.toMatchObject({
      code: 'token_origin_not_allowed',
    });
    await expect(client.fetch('http://127.0.0.1:9/x', { auth: 'required' })).rejects.toMatchObject({
      code: 'token_origin_not_allowed',
    });
  });

  it('rejects insufficient_scope with the missing scope, and asks for nothing by itself', async () => {
    const { client, navigate } = await signedIn(idp, { apis: twoApis() });
    const error = await client.fetch(`${invest.url}/scope`).catch((e: AuthError) => e);
    expect(error).toMatchObject({ code: 'insufficient_scope' });
    expect(missingScopes(error as AuthError)).toEqual(['portfolio:trade']);
    expect(navigate).toHaveBeenCalledTimes(1); // the sign-in only
  });
});

describe('sign-in and step-up', () => {
  it("asks for every API's scopes and resources, and the first API's token at the exchange", async () => {
    const made = makeClient(idp, { apis: twoApis() });
    const watch = watchTokenRequests();
    await reachCallback(made.client, made.navigate, idp);
    const params = new URL(lastUrl(made.navigate)).searchParams;
    expect(params.get('scope')).toBe('openid profile email accounts:read portfolio:read');
    expect(params.getAll('resource')).toEqual([BANK, INVEST]);
    await made.client.handleCallback();
    expect(watch.requests).toEqual([{ grant: 'authorization_code', resource: BANK, scope: null }]);
  });

  it('steps up once per scope, returning to the same page; a second step-up for it is refused', async () => {
    const { client, navigate } = await signedIn(idp, { apis: twoApis() });
    window.history.replaceState(null, '', '/investments?tab=trade');
    await client.signIn({ scopes: ['portfolio:trade'] });
    const params = new URL(lastUrl(navigate)).searchParams;
    expect(params.get('scope')).toContain('portfolio:read portfolio:trade');
    const { returnTo } = await (async () => {
      window.history.replaceState(null, '', idp.authorize(lastUrl(navigate)));
      return client.handleCallback();
    })();
    expect(returnTo).toBe('/investments?tab=trade');
    const calls = navigate.mock.calls.length;
    await expect(client.signIn({ scopes: ['portfolio:trade'] })).rejects.toMatchObject({
      code: 'redirect_loop_prevented',
    });
    expect(navigate).toHaveBeenCalledTimes(calls);
    expect(client.getSnapshot().status).toBe('authenticated');
    // A plain sign-in carries no step-up scope; signing out forgets this tab's step-ups.
    await client.signIn();
    expect(new URL(lastUrl(navigate)).searchParams.get('scope')).not.toContain('portfolio:trade');
    await client.signOut({ redirect: false });
    await client.signIn({ scopes: ['portfolio:trade'] });
    expect(new URL(lastUrl(navigate)).searchParams.get('scope')).toContain('portfolio:trade');
  });
});

describe('decideStepUp', () => {
  it('goes for a scope not tried yet, refuses one tried already', () => {
    expect(decideStepUp(['a'], [])).toBe('go');
    expect(decideStepUp(['a', 'b'], ['a'])).toBe('go');
    expect(decideStepUp([], ['a'])).toBe('go');
    expect(decideStepUp(['a'], ['b', 'a'])).toMatchObject({ code: 'redirect_loop_prevented' });
  });
});
