// The API proxy against the real bank API (which accepts the BFF's DPoP-bound tokens only with a
// valid proof) and an echo API (which shows what crossed the proxy), through each adapter.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionKey } from './session-record';
import { transferRequest } from '@sesame/test-stack/bank-transfer';
import { startEchoServer } from './test-support/echo-server';
import { echoStackSignedInAsJane } from './test-support/echo-stack';
import { ADAPTERS, closedPort, startBffStack, type BffStack } from './test-support/stack';
import type { TestBrowser } from './test-support/browser';

/** A request with the path exactly as written (fetch would resolve its dot segments first). */
function rawGet(origin: string, path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(origin);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(ADAPTERS)('the API proxy through %s', (adapter) => {
  const { stack, echo, browser } = echoStackSignedInAsJane(async (echoUrl) => ({
    adapter,
    apis: {
      echo: { url: echoUrl },
      narrow: { url: echoUrl, pathPrefix: '/allowed' },
      dead: { url: `http://127.0.0.1:${await closedPort()}` },
    },
    // Room for a first bank API request on a loaded machine (JWKS fetch, first validation); /slow answers after 15 s.
    bff: { maxBodyBytes: 4096, upstreamTimeoutMs: 5000 },
  }));

  it('reads the bank API with the session’s DPoP-bound token (the API refuses it as Bearer)', async () => {
    const response = await browser().fetch('/bff/api/bank/accounts');
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.length).toBeGreaterThan(0);
    expect(stack().api.requestLog.at(-1)).toMatchObject({
      path: '/accounts',
      status: 200,
      sub: 'usr_jane_doe',
    });
  });

  it('books a transfer through the proxy', async () => {
    const { items } = await (await browser().fetch('/bff/api/bank/accounts')).json();
    const [from, to] = items as { id: string }[];
    const response = await browser().fetch(
      '/bff/api/bank/transfers',
      transferRequest(from!.id, to!.id),
    );
    expect(response.status).toBe(201);
  });

  it("sends the API a DPoP token and proof, and none of the browser's cookies or credentials", async () => {
    const response = await browser().fetch('/bff/api/echo/things?q=1', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer from-the-page',
        'x-custom': 'kept',
      },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
    const seen = echo().requests.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', path: '/things?q=1', body: '{"a":1}' });
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['x-sesame-csrf']).toBeUndefined();
    expect(seen.headers.origin).toBeUndefined();
    expect(seen.headers['x-custom']).toBe('kept');
    const stored = await stack().store.get(sessionKey(browser().cookies.get('sesame')!));
    expect(seen.headers.authorization).toBe(`DPoP ${stored!.accessToken}`);
    const proof = JSON.parse(
      Buffer.from(String(seen.headers.dpop).split('.')[1]!, 'base64url').toString(),
    );
    expect(proof).toMatchObject({
      htm: 'POST',
      htu: `${echo().url}/things`,
      ath: expect.any(String),
    });
  });

  it("strips the API's Set-Cookie and CORS grants and adds nosniff", async () => {
    const response = await browser().fetch('/bff/api/echo/x');
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-upstream')).toBe('echo');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(browser().cookies.has('planted')).toBe(false);
  });

  it('needs the CSRF header, an allowed Origin and a session', async () => {
    expect((await browser().fetch('/bff/api/bank/accounts', { csrf: false })).status).toBe(403);
    expect(
      (await browser().fetch('/bff/api/bank/accounts', { origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (await browser().fetch('/bff/api/echo/x', { method: 'POST', origin: null, body: '1' }))
        .status,
    ).toBe(403);
    const before = echo().requests.length;
    const anonymous = await stack().browser().fetch('/bff/api/echo/x');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toBe('login_required');
    expect(echo().requests.length).toBe(before);
  });

  it('refuses APIs and paths outside the allow-list, and path tricks', async () => {
    const error = async (path: string) => {
      const response = await browser().fetch(path);
      return [response.status, (await response.json()).error];
    };
    expect(await error('/bff/api/nope/x')).toEqual([404, 'api_not_allowed']);
    expect(await error('/bff/api/narrow/other')).toEqual([404, 'api_not_allowed']);
    expect((await browser().fetch('/bff/api/narrow/allowed/1')).status).toBe(200);
    expect(await error('/bff/api/echo/a%2Fb')).toEqual([400, 'path_invalid']);
    expect(await error('/bff/api/echo/a%5Cb')).toEqual([400, 'path_invalid']);
    expect(await error('/bff/api/echo//x')).toEqual([400, 'path_invalid']);
    expect(await error('/bff/api/echo/http://evil.example/')).toEqual([400, 'path_invalid']);
    expect(await error('/bff/api/narrow/allowed/..%252f..%252fother')).toEqual([
      400,
      'path_invalid',
    ]);
  });

  it('never lets dot segments reach another API or path', async () => {
    const headers = { 'x-sesame-csrf': '1', cookie: browser().cookieHeader()! };
    const before = echo().requests.length;
    for (const path of [
      '/bff/api/narrow/allowed/../other',
      '/bff/api/narrow/allowed/%2e%2e/other',
      '/bff/api/echo/../bank/accounts',
    ]) {
      const response = await rawGet(stack().origin, path, headers);
      // Both adapters pass the raw path on (see test-support/stack().ts): refused outright.
      expect(response.status, path).toBe(400);
    }
    expect(echo().requests.length).toBe(before);
  });

  it('refuses a body over the limit with 413, before the API sees it', async () => {
    const before = echo().requests.length;
    const response = await browser().fetch('/bff/api/echo/x', {
      method: 'POST',
      body: 'x'.repeat(5000),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe('body_too_large');
    expect(echo().requests.length).toBe(before);
  });

  it('answers 504 when the API is too slow and 502 when it cannot be reached', async () => {
    const slow = await browser().fetch('/bff/api/echo/slow');
    expect([slow.status, (await slow.json()).error]).toEqual([504, 'upstream_timeout']);
    const dead = await browser().fetch('/bff/api/dead/x');
    expect([dead.status, (await dead.json()).error]).toEqual([502, 'upstream_unreachable']);
  });
});

describe('tokens through the proxy: refresh and the 401 rule', () => {
  let stack: BffStack;
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  beforeAll(async () => {
    echo = await startEchoServer();
    stack = await startBffStack({ adapter: 'hono', apis: { echo: { url: echo.url } } });
  });
  afterAll(async () => {
    await stack.stop();
    await echo.stop();
  });

  /** Makes the stored access token stale (as if its time had come) without waiting. */
  async function makeStale(browser: TestBrowser) {
    const key = sessionKey(browser.cookies.get('sesame')!);
    const stored = (await stack.store.get(key))!;
    await stack.store.set(key, { ...stored, accessTokenRefreshAt: Date.now() - 1 }, 60_000);
    return key;
  }

  it('refreshes a stale token first, once for many requests at the same time', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const key = await makeStale(browser);
    const oldToken = (await stack.store.get(key))!.accessToken;
    const before = stack.refreshes();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => browser.fetch('/bff/api/bank/accounts')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(stack.refreshes()).toBe(before + 1);
    const after = (await stack.store.get(key))!;
    expect(after.accessToken).not.toBe(oldToken);
    expect(after.accessTokenRefreshAt).toBeGreaterThan(Date.now());
  });

  it('on an API 401, refreshes once and retries once', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const before = stack.refreshes();
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    const response = await browser.fetch('/bff/api/bank/accounts');
    expect(response.status).toBe(200);
    expect(stack.refreshes()).toBe(before + 1);
    expect(stack.api.requestLog.slice(-2).map((entry) => entry.status)).toEqual([401, 200]);
  });

  it('passes a second 401 back as unauthorized and keeps the session', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const before = stack.refreshes();
    stack.api.faults.set({ rejectAllValidTokens: true });
    try {
      const response = await browser.fetch('/bff/api/bank/accounts');
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe('unauthorized');
      expect(stack.refreshes()).toBe(before + 1);
    } finally {
      stack.api.faults.reset();
    }
    expect((await browser.fetch('/bff/session')).status).toBe(200);
  });

  it('gives an API that refuses every token one refresh and one retry, no more', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const before = stack.refreshes();
    const response = await browser.fetch('/bff/api/echo/unauthorized');
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('unauthorized');
    expect(stack.refreshes()).toBe(before + 1);
    expect(echo.requests.filter((r) => r.path === '/unauthorized')).toHaveLength(2);
  });

  it('does not refresh for a 401 about the DPoP proof, which a new token would not cure', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const before = stack.refreshes();
    const response = await browser.fetch('/bff/api/echo/bad-proof');
    expect(response.status).toBe(401);
    expect(stack.refreshes()).toBe(before);
    expect(echo.requests.filter((r) => r.path === '/bad-proof')).toHaveLength(1);
  });

  it('ends the session when the IdP refuses the refresh', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    const key = await makeStale(browser);
    const stored = (await stack.store.get(key))!;
    await stack.store.set(key, { ...stored, refreshToken: 'not-a-refresh-token' }, 60_000);
    const response = await browser.fetch('/bff/api/bank/accounts');
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('login_required');
    expect(browser.cookies.has('sesame')).toBe(false);
    expect(await stack.store.get(key)).toBeUndefined();
  });

  it('keeps using a stale token that has not expired while the IdP is down', async () => {
    const browser = stack.browser();
    await browser.signIn('jane');
    await makeStale(browser);
    await stack.idp.pause();
    try {
      expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    } finally {
      await stack.idp.resume();
    }
  });
});
