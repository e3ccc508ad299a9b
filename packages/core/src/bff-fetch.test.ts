// client.fetch in BFF mode against the fake BFF: which requests carry the session (CSRF header,
// same-origin cookie), what the BFF's 401 and 403 mean, and that other origins get a plain fetch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRecordingServer } from '@sesame/test-stack/recording-server';
import { isBffApiUrl } from './bff-fetch';
import { APP, startBffStack, type BffStack } from './testing/bff-harness';

let stack: BffStack;
let other: Awaited<ReturnType<typeof startRecordingServer>>;
beforeEach(async () => {
  stack = await startBffStack();
  other = await startRecordingServer();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await stack.stop();
  await other.stop();
});

const apiRequests = () => stack.bff.requests.filter((r) => r.path.startsWith('/bff/api/'));

describe('isBffApiUrl', () => {
  it.each([
    [`${APP}/bff/api/bank/accounts`, true],
    [`${APP}/bff/api/`, true],
    [`${APP}/bff/apix/bank`, false],
    [`${APP}/bff/session`, false],
    [`${APP}/bff/api/../session`, false], // resolved first: /bff/session
    ['http://localhost:3001/bff/api/bank', false],
    ['http://localhost.evil.example:3000/bff/api/bank', false],
  ])('%s → %s', (url, expected) => {
    expect(isBffApiUrl(new URL(url, APP), '/bff/api/', APP)).toBe(expected);
  });
});

describe('client.fetch to the BFF API', () => {
  it('sends the CSRF header and the session cookie (relative and absolute URLs, a Request), and resolves the answer', async () => {
    const { client } = await stack.signedInPage();
    const first = await client.fetch('/bff/api/bank/accounts?page=2', {
      headers: { accept: 'application/json' },
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ sub: 'usr_jane_doe', path: '/accounts?page=2' });
    await client.fetch(`${APP}/bff/api/bank/me`);
    await client.fetch(
      new Request(`${APP}/bff/api/bank/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"amount":5}',
      }),
    );
    const [a, b, c] = apiRequests();
    for (const request of [a, b, c]) {
      expect(request!.headers['x-sesame-csrf']).toBe('1');
      expect(request!.headers.cookie).toMatch(/^__Host-sesame=/);
      expect(request!.headers.authorization).toBeUndefined();
    }
    expect(a!.headers.accept).toBe('application/json');
    // A POST carries Origin (the browser adds it), which the BFF's CSRF check wants.
    expect(c!.method).toBe('POST');
    expect(c!.headers.origin).toBe(APP);
    expect(stack.bff.upstreamRequests.at(-1)).toMatchObject({ body: '{"amount":5}' });
  });

  it('waits for the first session check; signed out, it rejects login_required before any request', async () => {
    stack.browser.cookies.set('__Host-sesame', stack.bff.createSession());
    const { client } = stack.page();
    const response = await client.fetch('/bff/api/bank/accounts'); // initialize() runs first
    expect(response.status).toBe(200);

    await client.signOut({ redirect: false });
    const before = apiRequests().length;
    await expect(client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'login_required',
      step: 'request',
    });
    expect(apiRequests()).toHaveLength(before);
  });

  it("401 login_required (the BFF's session is gone): unauthenticated with that error, and rejects it", async () => {
    const { client } = await stack.signedInPage();
    stack.bff.endAllSessions();
    const error = await client.fetch('/bff/api/bank/accounts').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'login_required',
      step: 'request',
      oauthError: 'login_required',
    });
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
  });

  it('401 unauthorized (the API refused the refreshed token): rejects unauthorized, the session ends here and at the BFF', async () => {
    const { client } = await stack.signedInPage();
    stack.bff.upstream = () => ({
      status: 401,
      headers: { 'www-authenticate': 'DPoP error="invalid_token", algs="ES256"' },
      body: { error: 'unauthorized' },
    });
    const error = await client.fetch('/bff/api/bank/accounts').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'unauthorized',
      step: 'request',
      oauthError: 'unauthorized',
      challenge: { error: 'invalid_token' },
    });
    expect(client.getSnapshot()).toMatchObject({ status: 'unauthenticated', error });
    await vi.waitFor(() => expect(stack.bff.sessions.size).toBe(0));
    // A check afterwards does not bring it back.
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(stack.requestsTo('/bff/session')).toHaveLength(2));
    expect(client.getSnapshot().status).toBe('unauthenticated');
  });

  it.each([
    [
      'a DPoP challenge',
      { 'www-authenticate': 'DPoP error="insufficient_scope", scope="transfers:write"' },
      {},
    ],
    ['a JSON body', {}, { error: 'insufficient_scope' }],
  ])(
    '403 insufficient_scope in %s rejects insufficient_scope; the session stays',
    async (_, headers, body) => {
      const { client } = await stack.signedInPage();
      stack.bff.upstream = () => ({ status: 403, headers, body });
      await expect(
        client.fetch('/bff/api/bank/transfers', { method: 'POST' }),
      ).rejects.toMatchObject({
        code: 'insufficient_scope',
        step: 'request',
        oauthError: 'insufficient_scope',
      });
      expect(client.getSnapshot().status).toBe('authenticated');
    },
  );

  it('other answers resolve as they are (a 403 for another reason, a 404, a 500)', async () => {
    const { client } = await stack.signedInPage();
    for (const status of [403, 404, 500]) {
      stack.bff.upstream = () => ({ status, body: { error: 'nope' } });
      const response = await client.fetch('/bff/api/bank/accounts');
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: 'nope' });
    }
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('an answer arriving after the user changed is dropped (user_changed)', async () => {
    const { client } = await stack.signedInPage();
    let release!: () => void;
    stack.bff.upstream = async (request) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { status: 200, body: { owner: request.session.sub } };
    };
    const pending = client.fetch('/bff/api/bank/accounts').catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    // Meanwhile another customer signed in in another tab; this tab learns it.
    const [session] = stack.bff.sessions.values();
    session!.sub = 'usr_john_smith';
    session!.claims = { sub: 'usr_john_smith' };
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(client.getSnapshot().user?.sub).toBe('usr_john_smith'));
    release();
    expect(await pending).toMatchObject({ code: 'user_changed', step: 'request' });
  });

  it('does not follow a redirect (an upstream 307 back into /bff/api would get the CSRF header, the cookie and the body again) unless the caller sets redirect', async () => {
    const { client } = await stack.signedInPage();
    stack.bff.upstream = (request) =>
      request.path.startsWith('/admin')
        ? { status: 200, body: { path: request.path } }
        : { status: 307, headers: { location: `/bff/api/bank/admin${request.path}` } };
    await expect(
      client.fetch('/bff/api/bank/transfers', { method: 'POST', body: '{"amount":5}' }),
    ).rejects.toMatchObject({ code: 'network_error', step: 'request' });
    await expect(client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(stack.bff.upstreamRequests.map((r) => r.path)).toEqual(['/transfers', '/accounts']);

    // The caller's choice wins (a GET here: the fake browser cannot send a body twice).
    const followed = await client.fetch('/bff/api/bank/accounts', { redirect: 'follow' });
    expect(await followed.json()).toEqual({ path: '/admin/accounts' });
  });

  it('no answer at all rejects network_error (retryable)', async () => {
    const { client } = await stack.signedInPage();
    await stack.bff.stop();
    await expect(client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });
});

describe('client.fetch elsewhere', () => {
  it('another origin: a plain fetch, never the CSRF header nor the cookie', async () => {
    const { client } = await stack.signedInPage();
    const response = await client.fetch(`${other.url}/anything`);
    expect(response.status).toBe(200);
    const [request] = other.requests;
    expect(request!.headers['x-sesame-csrf']).toBeUndefined();
    expect(request!.headers.cookie).toBeUndefined();
  });

  it("this origin outside {baseUrl}/api/: no CSRF header; auth: 'none' to the API: none either", async () => {
    const { client } = await stack.signedInPage();
    await client.fetch('/bff/api/../session');
    await client.fetch('/bff/api/bank/accounts', { auth: 'none' });
    const [traversal, none] = stack.bff.requests.slice(-2);
    expect(traversal!.path).toBe('/bff/session');
    expect(traversal!.headers['x-sesame-csrf']).toBeUndefined();
    expect(none!.headers['x-sesame-csrf']).toBeUndefined();
  });

  it("auth: 'required' elsewhere rejects token_origin_not_allowed before any request", async () => {
    const { client } = await stack.signedInPage();
    await expect(
      client.fetch(`${other.url}/bff/api/bank/accounts`, { auth: 'required' }),
    ).rejects.toMatchObject({ code: 'token_origin_not_allowed', step: 'request' });
    await expect(client.fetch('/api/bank/accounts', { auth: 'required' })).rejects.toMatchObject({
      code: 'token_origin_not_allowed',
    });
    expect(other.requests).toHaveLength(0);
  });
});
