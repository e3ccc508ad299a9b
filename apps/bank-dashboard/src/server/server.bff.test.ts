// @vitest-environment node
// The dashboard's server in BFF mode, against the real IdP (with the bank-bff client) and the real
// bank API over HTTP: @sesame/bff answers under /bff on the page's own origin, the app everywhere else.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLogin, generateBffClientKeys, USERS } from '@sesame/test-stack/real-idp';
import { startInvestApi, type RunningInvestApi } from '@sesame/test-stack/real-invest-api';
import { startRealStack, type RealStack } from '@sesame/test-stack/real-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningDashboard } from './index';

let root: string;
let dashboard: RunningDashboard;
let stack: RealStack;
let invest: RunningInvestApi;

/** The page's side of the BFF contract: its cookies, the CSRF header, and Origin off same-origin GETs. */
function browser(origin: string) {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /max-age=0/i.test(line)) cookies.delete(name.trim());
      else cookies.set(name.trim(), value.trim());
    }
    return response;
  };
  const send = async (path: string, init: RequestInit = {}, { csrf = true } = {}) => {
    const headers = new Headers(init.headers);
    if (csrf) headers.set('X-Sesame-CSRF', '1');
    if ((init.method ?? 'GET') !== 'GET') headers.set('Origin', origin);
    if (cookies.size) {
      headers.set('Cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    return keep(await fetch(new URL(path, origin), { ...init, headers, redirect: 'manual' }));
  };
  return { cookies, send, navigate: (path: string) => send(path, {}, { csrf: false }) };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sesame-dashboard-bff-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  // The key pair first: the dashboard's BFF signs with the private half, the IdP registers the public.
  const keys = await generateBffClientKeys();
  dashboard = await start({ port: 0, root, bff: { clientPrivateKey: keys.privateJwk } });
  stack = await startRealStack({
    bff: { redirectUri: `${dashboard.url}/bff/callback`, publicJwks: keys.publicJwks },
  });
  invest = await startInvestApi({ issuer: stack.idp.issuer });
  dashboard.setConfig({
    authority: stack.idp.issuer,
    apiUrl: stack.api.url,
    investApiUrl: invest.url,
    bff: true,
  });
}, 30_000);

afterAll(async () => {
  await dashboard?.stop();
  await invest?.stop();
  await stack?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('the dashboard server in BFF mode', () => {
  it('answers /bff/session 401 login_required while nobody is signed in', async () => {
    const response = await browser(dashboard.url).send('/bff/session');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'login_required' });
  });

  it('refuses /bff/session without the CSRF header (the BFF, not the app, answered)', async () => {
    const response = await browser(dashboard.url).send('/bff/session', {}, { csrf: false });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'csrf_failed' });
  });

  it('sends /bff/login to the IdP with only client_id and request_uri (PAR)', async () => {
    const response = await browser(dashboard.url).navigate('/bff/login?returnTo=%2Foverview');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe(new URL(stack.idp.issuer).origin);
    expect([...location.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(location.searchParams.get('client_id')).toBe('bank-bff');
    expect(location.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });

  it('signs in through the IdP and proxies the bank API with no token in any answer', async () => {
    const page = browser(dashboard.url);
    const login = await page.navigate('/bff/login?returnTo=%2Foverview');
    const callback = await completeLogin(login.headers.get('location')!, USERS.jane);
    expect(callback.startsWith(`${dashboard.url}/bff/callback?`)).toBe(true);
    const back = await page.navigate(callback);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/overview');
    // Plain http on 127.0.0.1: the dev cookie, HttpOnly and SameSite=Strict, without Secure.
    const cookie = back.headers.getSetCookie().find((line) => line.startsWith('sesame='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const session = await page.send('/bff/session');
    expect(session.status).toBe(200);
    const view = (await session.json()) as { user: { sub: string }; scopes: string[] };
    expect(view.user.sub).toBe('usr_jane_doe');
    expect(view.scopes).toEqual(expect.arrayContaining(['accounts:read', 'transfers:write']));

    const accounts = await page.send('/bff/api/bank/accounts');
    expect(accounts.status).toBe(200);
    const body = await accounts.text();
    expect((JSON.parse(body) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    for (const text of [body, JSON.stringify(view)]) expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);

    const logout = await page.send('/bff/logout', { method: 'POST' });
    expect(logout.status).toBe(200);
    const { endSession } = (await logout.json()) as {
      endSession: { form: Record<string, string> };
    };
    expect(endSession.form).toMatchObject({
      client_id: 'bank-bff',
      post_logout_redirect_uri: `${dashboard.url}/`,
    });
    expect((await page.send('/bff/session')).status).toBe(401);
  });

  it('proxies the investments API with its own token (its audience, portfolio:read only)', async () => {
    const page = browser(dashboard.url);
    const login = await page.navigate('/bff/login?returnTo=%2Finvestments');
    await page.navigate(await completeLogin(login.headers.get('location')!, USERS.ann));
    stack.idp.resetCounters();
    const portfolio = await page.send('/bff/api/investments/portfolio');
    expect(portfolio.status).toBe(200);
    expect(await portfolio.json()).toMatchObject({ currency: 'EUR' });
    expect((await page.send('/bff/api/bank/accounts')).status).toBe(200);
    // One token request, for the investments API; the bank's token came with the sign-in.
    expect(stack.idp.counters().accessTokensByResource).toEqual({
      'https://invest.sesame.test/api': 1,
    });
    expect(invest.requestLog.at(-1)).toMatchObject({ status: 200, sub: 'usr_ann_viewer' });
    expect(stack.api.requestLog.at(-1)).toMatchObject({ status: 200, sub: 'usr_ann_viewer' });
  });

  it('serves the app around the BFF, with a CSP that lets the page talk to its own origin only', async () => {
    const response = await fetch(`${dashboard.url}/overview`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>app</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain(stack.api.url);
    // The end-session form still posts to the IdP.
    expect(csp).toContain(`form-action 'self' ${new URL(stack.idp.issuer).origin};`);
    const config = await (await fetch(`${dashboard.url}/config.js`)).text();
    expect(config).toContain('"bff":true');
  });

  it('logs the BFF requests without a cookie value or a code', () => {
    const lines = dashboard.logs.filter((line) => line.includes('/bff/'));
    expect(lines.some((line) => /^GET \/bff\/session 401/.test(line))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/code=|sesame=/);
  });
});

describe('starting in BFF mode', () => {
  it("refuses BFF mode without the BFF's client key, before taking a port", async () => {
    await expect(start({ port: 0, root, config: { bff: true } })).rejects.toMatchObject({
      code: 'invalid_config',
      key: 'bff',
    });
  });

  it('mounts nothing under /bff in browser mode: the app answers there', async () => {
    const plain = await start({ port: 0, root });
    try {
      const response = await fetch(`${plain.url}/bff/session`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>app</title>');
      // Switching to BFF mode at run time needs the key too; the config stays as it was.
      expect(() => plain.setConfig({ bff: true })).toThrow(/client key/);
      expect(await (await fetch(`${plain.url}/config.js`)).text()).not.toContain('"bff"');
    } finally {
      await plain.stop();
    }
  });
});
