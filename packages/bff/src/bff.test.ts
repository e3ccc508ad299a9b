// The handler's routing and the checks that come before any trip to the IdP, through the Fetch API
// handler alone (the IdP here does not exist: none of these requests may need it).
import { describe, expect, it } from 'vitest';
import { createBff } from './bff';
import { BffError } from './errors';

const APP = 'https://bank.example';
function setup() {
  const logs: string[] = [];
  const bff = createBff({
    issuer: 'https://idp.invalid',
    clientId: 'bank-bff',
    clientPrivateKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
    redirectUri: `${APP}/bff/callback`,
    allowedOrigins: [APP],
    apis: { bank: { url: 'https://api.bank.example' } },
    logger: (line) => logs.push(line),
  });
  const call = (path: string, init: RequestInit = {}) => bff(new Request(`${APP}${path}`, init));
  return { bff, call, logs };
}
const csrf = { 'x-sesame-csrf': '1', origin: APP };
const errorOf = async (response: Response) => [response.status, (await response.json()).error];

describe('createBff', () => {
  it('refuses bad options at creation', () => {
    expect(() => createBff({} as never)).toThrow(BffError);
  });

  it('knows its paths', () => {
    const { bff } = setup();
    expect(bff.prefix).toBe('/bff');
    expect(bff.handles('/bff')).toBe(true);
    expect(bff.handles('/bff/session')).toBe(true);
    expect(bff.handles('/bffx')).toBe(false);
    expect(bff.handles('/')).toBe(false);
  });

  it('answers 404 off its endpoints and 405 with Allow for a wrong method', async () => {
    const { call } = setup();
    expect(await errorOf(await call('/elsewhere'))).toEqual([404, 'not_found']);
    expect(await errorOf(await call('/bff/nothing'))).toEqual([404, 'not_found']);
    expect(await errorOf(await call('/bff/__proto__'))).toEqual([404, 'not_found']);
    const wrong = await call('/bff/login', { method: 'POST', headers: csrf });
    expect(await errorOf(wrong)).toEqual([405, 'method_not_allowed']);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await call('/bff/logout')).headers.get('allow')).toBe('POST');
    const trace = await call('/bff/api/bank/x', { method: 'PROPFIND', headers: csrf });
    expect(await errorOf(trace)).toEqual([405, 'method_not_allowed']);
  });

  it('checks CSRF first on /session, /logout and every /api request', async () => {
    const { call } = setup();
    for (const [path, method] of [
      ['/bff/session', 'GET'],
      ['/bff/logout', 'POST'],
      ['/bff/api/bank/accounts', 'GET'],
      ['/bff/api/bank/transfers', 'POST'],
      ['/bff/api/bank/x', 'DELETE'],
      ['/bff/api/nope', 'GET'],
      ['/bff/api/bank/a%2fb', 'GET'],
    ]) {
      expect(await errorOf(await call(path!, { method: method! })), `${method} ${path}`).toEqual([
        403,
        'csrf_failed',
      ]);
      const evil = { 'x-sesame-csrf': '1', origin: 'https://evil.example' };
      expect(await errorOf(await call(path!, { method: method!, headers: evil }))).toEqual([
        403,
        'csrf_failed',
      ]);
    }
  });

  it('answers 401 login_required without a session, before any IdP request', async () => {
    const { call } = setup();
    expect(await errorOf(await call('/bff/session', { headers: csrf }))).toEqual([
      401,
      'login_required',
    ]);
    expect(await errorOf(await call('/bff/logout', { method: 'POST', headers: csrf }))).toEqual([
      401,
      'login_required',
    ]);
    expect(await errorOf(await call('/bff/api/bank/accounts', { headers: csrf }))).toEqual([
      401,
      'login_required',
    ]);
    const forged = await call('/bff/session', {
      headers: { ...csrf, cookie: `__Host-sesame=${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.getSetCookie()[0]).toMatch(/^__Host-sesame=; .*Max-Age=0.*Secure$/);
  });

  it('refuses proxy paths before looking for a session', async () => {
    const { call } = setup();
    expect(await errorOf(await call('/bff/api/nope/x', { headers: csrf }))).toEqual([
      404,
      'api_not_allowed',
    ]);
    expect(await errorOf(await call('/bff/api/bank//x', { headers: csrf }))).toEqual([
      400,
      'path_invalid',
    ]);
    const { bff } = setup();
    const raw = await bff(new Request(`${APP}/bff/api/bank/admin`, { headers: csrf }), {
      rawPath: '/bff/api/bank/x/../admin',
    });
    expect(await errorOf(raw)).toEqual([400, 'path_invalid']);
  });

  it('answers a bad returnTo and an unknown sign-in with error pages, and logs one line each', async () => {
    const { call, logs } = setup();
    const page = await call('/bff/login?returnTo=//evil.example');
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('return_to_invalid');
    const callback = await call('/bff/callback?code=c&state=s');
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('callback_state_mismatch');
    expect(logs).toEqual([
      expect.stringMatching(/^GET \/bff\/login 400 \d+ms return_to_invalid$/),
      expect.stringMatching(/^GET \/bff\/callback 400 \d+ms callback_state_mismatch$/),
    ]);
  });
});
