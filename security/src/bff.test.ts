// @vitest-environment node
// The backend-for-frontend (@sesame/bff, BFF mode): every way a page on another site, a forged or
// stale cookie, a bent callback or a tricky proxy path could get past it. The real BFF runs through
// its node:http adapter in front of the real IdP (client bank-bff: private_key_jwt, PAR, DPoP, FAPI
// 2.0) and the real bank API, with a recording upstream API. Each case checks the exact status and
// error code, and that nothing happened that should not have: no request upstream or at the IdP,
// a session still alive or really gone. The last case reads every answer and log line of the group
// for the tokens the IdP issued.
import { transferRequest } from '@sesame/test-stack/bank-transfer';
import { startRecordingServer } from '@sesame/test-stack/recording-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, BffBrowser } from './support/bff-browser';
import {
  MAX_BODY_BYTES,
  SHORT_ABSOLUTE_SECONDS,
  SHORT_IDLE_SECONDS,
  startBffBattery,
  type BffBattery,
} from './support/bff-stack';
import { UPSTREAM_COOKIES } from './support/recording-upstream';
import type { DemoLogin } from './support/stack';

const EVIL = 'https://evil.example';
const JWT_SHAPE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let bff: BffBattery;
/** Jane, signed in once for the cases that must not end her session. */
let jane: BffBrowser;

beforeAll(async () => {
  bff = await startBffBattery();
  jane = bff.browser();
  const { callback } = await jane.signIn('jane.doe');
  expect(callback.status).toBe(302);
});
afterAll(() => bff.stop());

/** A JSON error the BFF wrote itself: exact status and code, no redirect, not cacheable. */
function expectJsonError(answer: Answer, status: number, code: string) {
  expect({ status: answer.status, code: answer.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('location')).toBeNull();
}

/** An error page for a top-level navigation: 400, the code, no redirect, nothing it could run. */
function expectErrorPage(answer: Answer, code: string) {
  expect({ status: answer.status, code: answer.code }).toEqual({ status: 400, code });
  expect(answer.headers.get('location')).toBeNull();
  expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(answer.body).not.toMatch(/<script|http-equiv="refresh"/i);
}

/** Runs `act` and checks that no request reached the recording upstream or the bank API. */
async function nothingUpstream<T>(act: () => Promise<T>): Promise<T> {
  const upstream = bff.upstream.requests.length;
  const api = bff.stack.api.requestLog.length;
  const result = await act();
  expect(bff.upstream.requests.length, 'a request reached the upstream').toBe(upstream);
  expect(bff.stack.api.requestLog.length, 'a request reached the bank API').toBe(api);
  return result;
}

/** Runs `act` and checks that the BFF sent nothing at all to the IdP. */
async function nothingAtIdp<T>(act: () => Promise<T>): Promise<T> {
  const before = bff.stack.proxy.paths.length;
  const result = await act();
  expect(bff.stack.proxy.paths.slice(before), 'a request reached the IdP').toEqual([]);
  return result;
}

/** Runs `act` and checks that no code was exchanged at the IdP's token endpoint. */
async function noCodeExchanged<T>(act: () => Promise<T>): Promise<T> {
  const before = bff.stack.proxy.tokenRequests.authorization_code;
  const result = await act();
  expect(bff.stack.proxy.tokenRequests.authorization_code, 'a code was exchanged').toBe(before);
  return result;
}

async function expectSignedIn(browser: BffBrowser, sub: string, prefix = '/bff') {
  const answer = await browser.fetch(`${prefix}/session`);
  expect(answer.status).toBe(200);
  expect((JSON.parse(answer.body) as { user: { sub: string } }).user.sub).toBe(sub);
}

/** A new browser with `login` signed in at the main BFF. */
async function signedIn(login: DemoLogin): Promise<BffBrowser> {
  const browser = bff.browser();
  const { callback } = await browser.signIn(login);
  expect(callback.status).toBe(302);
  return browser;
}

/** A browser holding only `cookie` as its session cookie (someone who copied or guessed it). */
function holding(cookie: string, name = 'sesame'): BffBrowser {
  const browser = bff.browser();
  browser.cookies.set(name, cookie);
  return browser;
}

const formPost = {
  method: 'POST',
  csrf: false,
  origin: EVIL,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'toAccountId=evil&amount=9999',
} as const;

describe('bff: CSRF on every route that reads the session', () => {
  it('control: same-origin GET /bff/api/bank/accounts with X-Sesame-CSRF → 200, Jane’s accounts, as Jane at the API', async () => {
    const answer = await jane.fetch('/bff/api/bank/accounts');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('acc_jane_checking');
    expect(bff.stack.api.requestLog.at(-1)).toMatchObject({ path: '/accounts', status: 200 });
    expect(bff.stack.api.requestLog.at(-1)?.sub).toBe('usr_jane_doe');
  });

  it('GET /bff/api without the X-Sesame-CSRF header → 403 csrf_failed, nothing upstream', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/bank/accounts', { csrf: false }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('X-Sesame-CSRF: 0 (not 1) → 403 csrf_failed, nothing upstream', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/items', { csrf: false, headers: { 'x-sesame-csrf': '0' } }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('POST /bff/api with the header but Origin https://evil.example → 403 csrf_failed, nothing upstream', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/transfers', { method: 'POST', origin: EVIL, body: '{}' }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('Origin that starts with the app’s origin (…:port.evil.example) → 403 csrf_failed', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/items', { origin: `${bff.origin}.evil.example` }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('Origin: null (sandboxed frame, data: URL) → 403 csrf_failed', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/items', { method: 'POST', origin: 'null', body: '{}' }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('POST /bff/api with the header and no Origin at all → 403 csrf_failed, nothing upstream', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/transfers', { method: 'POST', origin: null, body: '{}' }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('cross-site form POST to /bff/api (form content type, no header, Origin evil) → 403 csrf_failed, nothing upstream', async () => {
    const answer = await nothingUpstream(() => jane.fetch('/bff/api/echo/v1/transfers', formPost));
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('cross-site form POST to /bff/logout → 403 csrf_failed, no revocation, the session still alive', async () => {
    const browser = await signedIn('jane.doe');
    const revocations = bff.stack.idp.counters().revocations;
    const answer = await browser.fetch('/bff/logout', formPost);
    expectJsonError(answer, 403, 'csrf_failed');
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(bff.stack.idp.counters().revocations).toBe(revocations);
    await expectSignedIn(browser, 'usr_jane_doe');
  });

  it('GET /bff/api with the header, no Origin, Sec-Fetch-Site: cross-site → 403 csrf_failed, nothing upstream', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/items', { headers: { 'sec-fetch-site': 'cross-site' } }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('GET /bff/api with the header, no Origin, Sec-Fetch-Site: same-site (a sibling subdomain) → 403 csrf_failed', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/items', { headers: { 'sec-fetch-site': 'same-site' } }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
  });

  it('CORS preflight from https://evil.example for POST /bff/api with X-Sesame-CSRF → 403 csrf_failed, no Access-Control-Allow-* grant, nothing upstream', async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/transfers', {
        method: 'OPTIONS',
        csrf: false,
        origin: EVIL,
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-sesame-csrf, content-type',
        },
      }),
    );
    expectJsonError(answer, 403, 'csrf_failed');
    expect([...answer.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual(
      [],
    );
  });

  it('GET /bff/session without the header (a cross-site read attempt) → 403 csrf_failed, no session data', async () => {
    const answer = await jane.fetch('/bff/session', { csrf: false });
    expectJsonError(answer, 403, 'csrf_failed');
    expect(answer.body).not.toContain('usr_jane_doe');
  });

  it('POST /bff/logout from the app’s origin without the header → 403 csrf_failed, no revocation, the session still alive', async () => {
    const browser = await signedIn('jane.doe');
    const revocations = bff.stack.idp.counters().revocations;
    const answer = await browser.fetch('/bff/logout', { method: 'POST', csrf: false });
    expectJsonError(answer, 403, 'csrf_failed');
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(bff.stack.idp.counters().revocations).toBe(revocations);
    await expectSignedIn(browser, 'usr_jane_doe');
  });
});

describe('bff: session cookie', () => {
  it('sign-in → the session cookie is an opaque 32-byte id, HttpOnly, SameSite=Strict, Path=/, no Domain, no Max-Age', async () => {
    const browser = bff.browser();
    const { callback } = await browser.signIn('jane.doe');
    const cookie = callback.headers.getSetCookie().find((line) => line.startsWith('sesame='));
    expect(cookie).toMatch(/^sesame=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    for (const token of bff.issued) expect(cookie).not.toContain(token);
  });

  it('no session cookie → /bff/session and /bff/api 401 login_required, nothing upstream', async () => {
    const browser = bff.browser();
    expectJsonError(await browser.fetch('/bff/session'), 401, 'login_required');
    const answer = await nothingUpstream(() => browser.fetch('/bff/api/echo/v1/items'));
    expectJsonError(answer, 401, 'login_required');
  });

  it('forged session cookie (well-formed random id) → 401 login_required, cookie cleared, nothing upstream', async () => {
    const browser = holding('F'.repeat(43));
    const answer = await nothingUpstream(() => browser.fetch('/bff/api/echo/v1/items'));
    expectJsonError(answer, 401, 'login_required');
    expect(answer.headers.getSetCookie()[0]).toMatch(/^sesame=; Path=\/; Max-Age=0/);
    expect(browser.cookies.has('sesame')).toBe(false);
  });

  it('forged session cookie shaped like a token or a path (…/../, a JWT) → 401 login_required, nothing upstream', async () => {
    for (const value of ['../../session', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c3JfamFuZV9kb2UifQ.']) {
      const answer = await nothingUpstream(() => holding(value).fetch('/bff/api/bank/accounts'));
      expectJsonError(answer, 401, 'login_required');
    }
  });

  it(`session idle for ${SHORT_IDLE_SECONDS} s (idleTimeoutSeconds: ${SHORT_IDLE_SECONDS}) → 401 login_required, cookie cleared; an active session of the same age lives`, async () => {
    const idle = bff.browser();
    const active = bff.browser();
    await idle.signIn('jane.doe', { prefix: '/short' });
    const idleSince = Date.now();
    const idleId = idle.cookies.get('sesame-short')!;
    await active.signIn('john.smith', { prefix: '/short' });
    await sleep(SHORT_IDLE_SECONDS * 500);
    await expectSignedIn(active, 'usr_john_smith', '/short');
    await sleep(Math.max(0, idleSince + SHORT_IDLE_SECONDS * 1000 + 200 - Date.now()));

    const answer = await nothingUpstream(() => idle.fetch('/short/api/echo/v1/items'));
    expectJsonError(answer, 401, 'login_required');
    expect(answer.headers.getSetCookie()[0]).toMatch(/^sesame-short=; Path=\/; Max-Age=0/);
    // Gone on the server, not only forgotten by this browser.
    expectJsonError(
      await holding(idleId, 'sesame-short').fetch('/short/session'),
      401,
      'login_required',
    );
    await expectSignedIn(active, 'usr_john_smith', '/short');
  });

  it(`session past its absolute end (absoluteTimeoutSeconds: ${SHORT_ABSOLUTE_SECONDS}), active all along → 401 login_required`, async () => {
    const browser = bff.browser();
    await browser.signIn('jane.doe', { prefix: '/short' });
    const signedIn = Date.now();
    const first = JSON.parse((await browser.fetch('/short/session')).body) as {
      sessionExpiresAt: number;
    };
    expect(first.sessionExpiresAt).toBeLessThanOrEqual(signedIn + 4000);
    let lastAlive = 0;
    while (Date.now() < first.sessionExpiresAt - 1100) {
      await sleep(500);
      expect((await browser.fetch('/short/session')).status).toBe(200);
      lastAlive = Date.now();
    }
    // Alive past the idle limit: activity kept it going, and still it ends on time.
    expect(lastAlive - signedIn).toBeGreaterThan(SHORT_IDLE_SECONDS * 1000);
    await sleep(Math.max(0, first.sessionExpiresAt + 150 - Date.now()));
    expectJsonError(await browser.fetch('/short/session'), 401, 'login_required');
    expect(browser.cookies.has('sesame-short')).toBe(false);
  });

  it('session fixation: an id planted before sign-in → after sign-in the cookie is a new id; the planted one names nothing', async () => {
    const planted = 'P'.repeat(43);
    const victim = holding(planted);
    const { callback } = await victim.signIn('jane.doe');
    expect(callback.status).toBe(302);
    const issuedId = victim.cookies.get('sesame');
    expect(issuedId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issuedId).not.toBe(planted);
    await expectSignedIn(victim, 'usr_jane_doe');
    expectJsonError(await holding(planted).fetch('/bff/session'), 401, 'login_required');
  });

  it('session fixation with a live session: the attacker’s own id planted in the victim’s browser → victim signs in under a new id, the attacker’s id is dead', async () => {
    const attacker = bff.browser();
    await attacker.signIn('john.smith');
    const attackerId = attacker.cookies.get('sesame')!;
    const victim = holding(attackerId);
    await victim.signIn('jane.doe');
    expect(victim.cookies.get('sesame')).not.toBe(attackerId);
    await expectSignedIn(victim, 'usr_jane_doe');
    // The attacker cannot ride the victim's session, nor keep their own.
    expectJsonError(await attacker.fetch('/bff/session'), 401, 'login_required');
  });
});

describe('bff: returnTo', () => {
  for (const [label, returnTo] of [
    ['another origin (https://evil.example/)', `${EVIL}/`],
    ['//evil.example', '//evil.example'],
    ['/\\evil.example', '/\\evil.example'],
  ] as const) {
    it(`/bff/login?returnTo=${label} → 400 return_to_invalid page, nothing sent to the IdP`, async () => {
      const browser = bff.browser();
      const answer = await nothingAtIdp(() =>
        browser.navigate(`/bff/login?returnTo=${encodeURIComponent(returnTo)}`),
      );
      expectErrorPage(answer, 'return_to_invalid');
      expect(browser.cookies.size).toBe(0);
    });
  }

  it('control: returnTo=/accounts/1?tab=history → PAR (only client_id and request_uri at the IdP), then 302 back to exactly that path', async () => {
    const browser = bff.browser();
    const login = await browser.navigate(
      `/bff/login?returnTo=${encodeURIComponent('/accounts/1?tab=history')}`,
    );
    const authorize = new URL(login.headers.get('location')!);
    expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const { callback } = await browser.signIn('jane.doe', { returnTo: '/accounts/1?tab=history' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/accounts/1?tab=history');
  });
});

describe('bff: callback', () => {
  it('callback with a wrong state → 400 callback_state_mismatch, no code exchanged, no session', async () => {
    const browser = bff.browser();
    const url = await browser.startSignIn('jane.doe', {
      beforeCallback: (back) => back.searchParams.set('state', 'x'.repeat(43)),
    });
    const answer = await noCodeExchanged(() => browser.navigate(url));
    expectErrorPage(answer, 'callback_state_mismatch');
    expect(browser.cookies.has('sesame')).toBe(false);
  });

  it('callback with a wrong iss (mix-up: https://evil.example) → 400 callback_iss_mismatch, no code exchanged, no session', async () => {
    const browser = bff.browser();
    const url = await browser.startSignIn('jane.doe', {
      beforeCallback: (back) => back.searchParams.set('iss', EVIL),
    });
    const answer = await noCodeExchanged(() => browser.navigate(url));
    expectErrorPage(answer, 'callback_iss_mismatch');
    expect(browser.cookies.has('sesame')).toBe(false);
  });

  it('callback without iss (RFC 9207 required) → 400 callback_iss_mismatch, no code exchanged, no session', async () => {
    const browser = bff.browser();
    const url = await browser.startSignIn('jane.doe', {
      beforeCallback: (back) => back.searchParams.delete('iss'),
    });
    const answer = await noCodeExchanged(() => browser.navigate(url));
    expectErrorPage(answer, 'callback_iss_mismatch');
    expect(browser.cookies.has('sesame')).toBe(false);
  });

  it('replayed callback (same code and state twice) → first 302 with a session, then 400 callback_state_mismatch; the code exchanged once; the first session kept', async () => {
    const browser = bff.browser();
    const exchanges = bff.stack.proxy.tokenRequests.authorization_code;
    const { callback, callbackUrl } = await browser.signIn('jane.doe');
    expect(callback.status).toBe(302);
    const session = browser.cookies.get('sesame');
    expectErrorPage(await browser.navigate(callbackUrl), 'callback_state_mismatch');
    expect(bff.stack.proxy.tokenRequests.authorization_code).toBe(exchanges + 1);
    expect(browser.cookies.get('sesame')).toBe(session);
    await expectSignedIn(browser, 'usr_jane_doe');
  });

  it('login CSRF: the attacker’s own callback opened in a victim browser with its own sign-in cookie → 400 callback_state_mismatch, no code exchanged, the victim not signed in as the attacker', async () => {
    const attacker = bff.browser();
    const url = await attacker.startSignIn('john.smith');
    const victim = bff.browser();
    expect((await victim.navigate('/bff/login')).status).toBe(302);
    expect(victim.cookies.has('sesame-login')).toBe(true);
    const answer = await noCodeExchanged(() => victim.navigate(url));
    expectErrorPage(answer, 'callback_state_mismatch');
    expect(victim.cookies.has('sesame')).toBe(false);
  });

  it('callback from another browser (no sign-in cookie: login CSRF or a stolen redirect) → 400 callback_state_mismatch, no code exchanged, no session', async () => {
    const victim = bff.browser();
    const url = await victim.startSignIn('jane.doe');
    const attacker = bff.browser();
    const answer = await noCodeExchanged(() => attacker.navigate(url));
    expectErrorPage(answer, 'callback_state_mismatch');
    expect(attacker.cookies.size).toBe(0);
  });
});

describe('bff: API proxy allow-list and paths', () => {
  it('unknown API name (nope, __proto__, constructor) → 404 api_not_allowed, nothing upstream', async () => {
    for (const name of ['nope', '__proto__', 'constructor']) {
      const answer = await nothingUpstream(() => jane.fetch(`/bff/api/${name}/items`));
      expectJsonError(answer, 404, 'api_not_allowed');
    }
  });

  it('path override headers (X-Original-URL, X-Rewrite-URL: /admin, which some frameworks route by) → not forwarded: the upstream sees only the allowed path', async () => {
    const answer = await jane.fetch('/bff/api/echo/v1/items', {
      headers: { 'x-original-url': '/admin', 'x-rewrite-url': '/admin' },
    });
    expect(answer.status).toBe(200);
    const seen = bff.upstream.requests.at(-1)!;
    expect(seen.path).toBe('/v1/items');
    expect(seen.headers['x-original-url']).toBeUndefined();
    expect(seen.headers['x-rewrite-url']).toBeUndefined();
  });

  it('path outside the API’s allowed prefix (/v1) → 404 api_not_allowed, nothing upstream; /v1/items → 200 at the upstream', async () => {
    for (const path of ['/bff/api/echo/admin', '/bff/api/echo/v1evil/items']) {
      const answer = await nothingUpstream(() => jane.fetch(path));
      expectJsonError(answer, 404, 'api_not_allowed');
    }
    expect((await jane.fetch('/bff/api/echo/v1/items')).status).toBe(200);
    expect(bff.upstream.requests.at(-1)?.path).toBe('/v1/items');
  });

  for (const [label, target] of [
    ['traversal .. (raw)', '/bff/api/echo/v1/../admin'],
    ['traversal %2e%2e', '/bff/api/echo/v1/%2e%2e/admin'],
    [
      'traversal ..; (Tomcat and Spring read /v1/..;/admin as /admin)',
      '/bff/api/echo/v1/..;/admin',
    ],
    ['traversal ..%3b (an encoded path parameter)', '/bff/api/echo/v1/..%3b/admin'],
    ['traversal .. out of the API name', '/bff/api/echo/../bank/accounts'],
    ['encoded slash %2f', '/bff/api/echo/v1%2f..%2fadmin'],
    ['encoded backslash %5c', '/bff/api/echo/v1/..%5cadmin'],
    ['raw backslash', '/bff/api/echo/v1/..\\admin'],
    ['double-encoded %252e%252e', '/bff/api/echo/v1/%252e%252e/admin'],
    ['an absolute URL in the path', '/bff/api/echo/v1/http://evil.example/items'],
    ['an absolute-form request target', `http://evil.example/bff/api/echo/v1/items`],
  ] as const) {
    it(`proxy path with ${label} → 400 path_invalid, nothing upstream`, async () => {
      const answer = await nothingUpstream(() => jane.raw(target));
      expectJsonError(answer, 400, 'path_invalid');
    });
  }
});

describe('bff: what crosses the proxy', () => {
  it(`body over maxBodyBytes (${MAX_BODY_BYTES} + 1 bytes, declared length) → 413 body_too_large, nothing upstream`, async () => {
    const answer = await nothingUpstream(() =>
      jane.fetch('/bff/api/echo/v1/uploads', {
        method: 'POST',
        body: 'x'.repeat(MAX_BODY_BYTES + 1),
      }),
    );
    expectJsonError(answer, 413, 'body_too_large');
  });

  it('body over maxBodyBytes, chunked (no Content-Length) → 413 body_too_large, nothing upstream; exactly the limit → 200, all bytes upstream', async () => {
    const chunked = await nothingUpstream(() =>
      jane.raw('/bff/api/echo/v1/uploads', {
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
        body: 'y'.repeat(MAX_BODY_BYTES + 1),
      }),
    );
    expectJsonError(chunked, 413, 'body_too_large');
    const atLimit = await jane.fetch('/bff/api/echo/v1/uploads', {
      method: 'POST',
      body: 'z'.repeat(MAX_BODY_BYTES),
    });
    expect(atLimit.status).toBe(200);
    expect(bff.upstream.requests.at(-1)?.body.length).toBe(MAX_BODY_BYTES);
  });

  it('upstream answers with Set-Cookie and a CORS grant → both stripped, the browser’s cookies unchanged, the body passed on', async () => {
    const cookies = new Map(jane.cookies);
    const answer = await jane.fetch('/bff/api/echo/v1/items');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-upstream')).toBe('recording');
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect([...answer.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual(
      [],
    );
    expect(jane.cookies).toEqual(cookies);
    expect(UPSTREAM_COOKIES.some((line) => answer.body.includes(line))).toBe(false);
  });

  it('the browser’s Cookie, Authorization, CSRF header, Origin and forwarding headers → none reach the upstream; it gets the session’s DPoP token and a proof', async () => {
    const john = await bff.stack.tokensFor('john.smith');
    const answer = await jane.fetch('/bff/api/echo/v1/transfers?q=1', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${john.access_token}`,
        'proxy-authorization': 'Basic c2VjcmV0',
        'x-forwarded-for': '203.0.113.9',
        'x-real-ip': '203.0.113.9',
        cookie: `sesame=${jane.cookies.get('sesame')}; other=browser-only`,
      },
      body: '{"amount":"1.00"}',
    });
    expect(answer.status).toBe(200);
    const seen = bff.upstream.requests.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', path: '/v1/transfers?q=1' });
    expect(seen.body).toBe('{"amount":"1.00"}');
    const headers = seen.headers;
    expect(headers.cookie).toBeUndefined();
    expect(headers['proxy-authorization']).toBeUndefined();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-real-ip']).toBeUndefined();
    expect(headers['x-sesame-csrf']).toBeUndefined();
    expect(headers.origin).toBeUndefined();
    expect(headers.authorization).toMatch(/^DPoP ey/);
    expect(headers.authorization).not.toContain(john.access_token);
    expect(bff.issued.has(headers.authorization!.slice('DPoP '.length))).toBe(true);
    expect(headers.dpop).toMatch(JWT_SHAPE);
    expect(JSON.stringify(headers)).not.toContain(jane.cookies.get('sesame')!);
  });

  it('the browser sends another user’s bearer token and a cookie to /bff/api/bank → the bank API sees the session’s DPoP token: Jane’s accounts, logged as Jane', async () => {
    const john = await bff.stack.tokensFor('john.smith');
    const answer = await jane.fetch('/bff/api/bank/accounts', {
      headers: {
        authorization: `Bearer ${john.access_token}`,
        cookie: `sesame=${jane.cookies.get('sesame')}; other=browser-only`,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('acc_jane_checking');
    expect(answer.body).not.toContain('acc_john');
    const entry = bff.stack.api.requestLog.at(-1)!;
    expect(entry).toMatchObject({ path: '/accounts', status: 200, tokenKind: 'at+jwt' });
    expect(entry.sub).toBe('usr_jane_doe');
  });

  it('upstream redirects to another origin → 502 upstream_redirect_refused by default; with allowRedirects: true the 302 is passed back as is; never followed: nothing (no token) reaches the other origin', async () => {
    const elsewhere = await startRecordingServer();
    try {
      const to = `${elsewhere.url}/collect`;
      const query = `to=${encodeURIComponent(to)}`;
      expectJsonError(
        await jane.fetch(`/bff/api/echo/v1/redirect?${query}`),
        502,
        'upstream_redirect_refused',
      );
      const answer = await jane.fetch(`/bff/api/hopping/v1/redirect?${query}`);
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(to);
      expect(answer.headers.getSetCookie()).toEqual([]);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.stop();
    }
  });

  it('upstream redirect into the BFF (307 to /bff/api/bank/transfers, relative or absolute on the app’s origin, also from an API with allowRedirects: true) → 502 upstream_redirect_refused, nothing followed: no Location, the bank API never called, the session intact', async () => {
    const transfer = JSON.stringify({
      toAccountId: 'acc_evil',
      amount: '9999.00',
      currency: 'EUR',
    });
    for (const api of ['echo', 'hopping']) {
      for (const to of ['/bff/api/bank/transfers', `${bff.origin}/bff/api/bank/transfers`]) {
        const upstream = bff.upstream.requests.length;
        const bank = bff.stack.api.requestLog.length;
        const cookies = new Map(jane.cookies);
        const answer = await jane.fetch(
          `/bff/api/${api}/v1/redirect?status=307&to=${encodeURIComponent(to)}`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: transfer },
        );
        expectJsonError(answer, 502, 'upstream_redirect_refused');
        expect(answer.headers.getSetCookie()).toEqual([]);
        expect(bff.upstream.requests.length, 'the upstream asked once').toBe(upstream + 1);
        expect(bff.stack.api.requestLog.length, 'a request reached the bank API').toBe(bank);
        expect(bff.logs.at(-1)).toMatch(
          new RegExp(
            `^POST /bff/api/${api}/v1/redirect 502 \\d+ms upstream_redirect_refused .*app's own origin`,
          ),
        );
        expect(jane.cookies).toEqual(cookies);
      }
    }
    await expectSignedIn(jane, 'usr_jane_doe');
  });
});

describe('bff: tokens never reach the browser', () => {
  it('GET /bff/session → exactly user, scopes, times and per-API times and scopes: no access, refresh or ID token, nothing token-shaped', async () => {
    const answer = await jane.fetch('/bff/session');
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'accessTokenExpiresAt',
      'apis',
      'idleExpiresAt',
      'scopes',
      'sessionExpiresAt',
      'user',
    ]);
    // Per API (issue 21): its token's expiry and scopes, nothing else.
    for (const api of Object.values(body.apis as Record<string, object>)) {
      expect(Object.keys(api).sort()).toEqual(['accessTokenExpiresAt', 'scopes']);
    }
    const whole = `${JSON.stringify([...answer.headers])}${answer.body}`;
    expect(whole).not.toMatch(JWT_SHAPE);
    expect(bff.issued.size).toBeGreaterThan(0);
    for (const token of bff.issued) expect(whole).not.toContain(token);
  });

  it('sign-out → 200, refresh token revoked, end-session form without id_token_hint; the old cookie is then dead for /session, /api and /logout', async () => {
    const browser = await signedIn('jane.doe');
    const id = browser.cookies.get('sesame')!;
    const revocations = bff.stack.idp.counters().revocations;
    const answer = await browser.fetch('/bff/logout', { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      endSession: {
        url: `${bff.stack.issuer}/session/end`,
        form: {
          client_id: 'bank-bff',
          post_logout_redirect_uri: `${bff.origin}/`,
        },
      },
    });
    expect(bff.stack.idp.counters().revocations).toBe(revocations + 1);
    expect(browser.cookies.has('sesame')).toBe(false);

    const copied = holding(id);
    expectJsonError(await copied.fetch('/bff/session'), 401, 'login_required');
    expectJsonError(
      await nothingUpstream(() => holding(id).fetch('/bff/api/echo/v1/items')),
      401,
      'login_required',
    );
    expectJsonError(
      await holding(id).fetch('/bff/logout', { method: 'POST' }),
      401,
      'login_required',
    );
  });

  it('a whole journey (sign-in, session, reads, a transfer, a 401 → refresh → retry, refusals, a replayed callback, sign-out) and every other answer of this group → no access, refresh or ID token, session cookie value or code in any BFF answer (status, headers, body) or log line', async () => {
    const browser = bff.browser();
    const { callbackUrl } = await browser.signIn('jane.doe');
    await browser.fetch('/bff/session');
    const accounts = JSON.parse((await browser.fetch('/bff/api/bank/accounts')).body) as {
      items: { id: string }[];
    };
    const [from, to] = accounts.items;
    const transfer = await browser.fetch(
      '/bff/api/bank/transfers',
      transferRequest(from!.id, to!.id),
    );
    expect(transfer.status).toBe(201);
    const refreshes = bff.stack.proxy.tokenRequests.refresh_token;
    bff.stack.api.faults.set({ rejectNextValidTokens: 1 });
    expect((await browser.fetch('/bff/api/bank/payees')).status).toBe(200);
    expect(bff.stack.proxy.tokenRequests.refresh_token).toBe(refreshes + 1);
    await browser.fetch('/bff/api/bank/accounts', { csrf: false });
    await browser.fetch('/bff/api/nope/x');
    await browser.navigate(callbackUrl);
    expect((await browser.fetch('/bff/logout', { method: 'POST' })).status).toBe(200);

    // Two sign-ins of this journey, each with its three tokens, and a refresh: more from the rest.
    expect(bff.issued.size).toBeGreaterThanOrEqual(8);
    const answers = bff.browsers.flatMap((b) => b.answers);
    const cookieValues = answers
      .flatMap((a) => a.headers.filter(([name]) => name === 'set-cookie').map(([, v]) => v))
      .map((line) => /^[^=]+=([^;]*)/.exec(line)?.[1] ?? '')
      .filter((value) => value.length > 0);
    expect(cookieValues.length).toBeGreaterThan(0);
    const sent = answers
      .map((a) => `${a.status} ${JSON.stringify(a.headers)} ${a.body}`)
      .join('\n');
    const logged = bff.logs.join('\n');
    expect(bff.logs.length).toBeGreaterThan(answers.length / 2);
    for (const token of bff.issued) {
      expect(sent.includes(token), 'a token in a BFF answer').toBe(false);
      expect(logged.includes(token), 'a token in a BFF log line').toBe(false);
    }
    expect(sent).not.toMatch(JWT_SHAPE);
    expect(logged).not.toMatch(JWT_SHAPE);
    for (const value of cookieValues)
      expect(logged.includes(value), 'a cookie in a log').toBe(false);
    const code = new URL(callbackUrl).searchParams.get('code')!;
    expect(sent.includes(code) || logged.includes(code), 'the code in an answer or log').toBe(
      false,
    );
  });
});
