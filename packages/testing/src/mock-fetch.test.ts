import { describe, expect, it, vi } from 'vitest';
import { createMockAuthClient } from './mock-client';
import { bearerOf, expectBearer } from './mock-token';

const API = 'https://api.bank.test';

/** A test API that answers 401 to the first `rejections` requests, then 200 with who called. */
function stubApi(rejections = 0) {
  let left = rejections;
  return vi.fn(async (request: Request) => {
    if (left > 0 && bearerOf(request)) {
      left -= 1;
      return new Response(null, { status: 401 });
    }
    return Response.json({ sub: bearerOf(request)?.sub ?? null, body: await request.text() });
  });
}

const signedIn = (transport: (request: Request) => Promise<Response>) =>
  createMockAuthClient({ user: { sub: 'jane' }, apiOrigins: [API], fetch: transport });

describe('mock client.fetch', () => {
  it('sends the mock token to an allow-listed origin only (exact origins)', async () => {
    const api = stubApi();
    const mock = signedIn(api);
    await mock.fetch(`${API}/accounts`);
    await mock.fetch('https://api.bank.test.evil.example/accounts');
    await mock.fetch('http://api.bank.test/accounts');
    const [toApi, toLookalike, toHttp] = api.mock.calls.map(([request]) => request);
    expectBearer(toApi, 'jane', 1);
    expect(toLookalike!.headers.has('authorization')).toBe(false);
    expect(toHttp!.headers.has('authorization')).toBe(false);
  });

  it('on a 401 refreshes once and retries once, with the body again', async () => {
    const api = stubApi(1);
    const mock = signedIn(api);
    const response = await mock.fetch(`${API}/transfers`, { method: 'POST', body: 'amount=10' });
    expect(await response.json()).toEqual({ sub: 'jane', body: 'amount=10' });
    expect(mock.calls.requests.map((r) => bearerOf(r)?.n)).toEqual([1, 2]);
    expect(mock.getSnapshot().status).toBe('authenticated');
  });

  it('stops after the retry is rejected too: unauthenticated and a typed error, no third request', async () => {
    const api = stubApi(2);
    const mock = signedIn(api);
    await expect(mock.fetch(`${API}/accounts`)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(api).toHaveBeenCalledTimes(2);
    expect(mock.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'unauthorized' },
    });
  });

  it('20 calls hitting 401 together cause one refresh and 20 successful retries', async () => {
    const api = vi.fn(async (request: Request) => {
      const token = bearerOf(request)!;
      if (token.n === 1) return new Response(null, { status: 401 });
      return Response.json({ n: token.n });
    });
    const mock = signedIn(api);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => mock.fetch(`${API}/accounts`).then((r) => r.json())),
    );
    expect(responses).toEqual(Array.from({ length: 20 }, () => ({ n: 2 })));
    expect(mock.peekAccessToken()).toBe('mock.jane.2');
    expect(api).toHaveBeenCalledTimes(40);
  });

  it('does not retry a stream body', async () => {
    const mock = signedIn(stubApi(1));
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x'));
        controller.close();
      },
    });
    await expect(
      mock.fetch(`${API}/upload`, { method: 'POST', body, duplex: 'half' } as RequestInit),
    ).rejects.toMatchObject({ code: 'body_not_replayable' });
    expect(mock.calls.requests).toHaveLength(1);
  });

  it('does not refresh on a 403; insufficient_scope rejects with the challenge', async () => {
    const api = vi.fn(async (request: Request) =>
      request.url.endsWith('/transfers')
        ? new Response(null, {
            status: 403,
            headers: {
              'www-authenticate': 'Bearer error="insufficient_scope", scope="transfers:write"',
            },
          })
        : new Response(null, { status: 403 }),
    );
    const mock = signedIn(api);
    expect((await mock.fetch(`${API}/admin`)).status).toBe(403);
    await expect(mock.fetch(`${API}/transfers`, { method: 'POST' })).rejects.toMatchObject({
      code: 'insufficient_scope',
      challenge: { error: 'insufficient_scope', scope: 'transfers:write' },
    });
    expect(api).toHaveBeenCalledTimes(2);
    expect(mock.peekAccessToken()).toBe('mock.jane.1');
  });

  it("honours auth: 'required' and 'none', and does not follow redirects with the token", async () => {
    const api = stubApi();
    const mock = signedIn(api);
    await expect(mock.fetch('https://other.test/x', { auth: 'required' })).rejects.toMatchObject({
      code: 'token_origin_not_allowed',
    });
    expect(api).not.toHaveBeenCalled();
    await mock.fetch(`${API}/public`, { auth: 'none' });
    await mock.fetch(`${API}/accounts`);
    const [publicRequest, accounts] = mock.calls.requests;
    expect(publicRequest!.headers.has('authorization')).toBe(false);
    expect(accounts!.redirect).toBe('error');
  });

  it('turns a missing response into a retryable network_error', async () => {
    const mock = signedIn(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(mock.fetch(`${API}/accounts`)).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
    expect(mock.getSnapshot().status).toBe('authenticated');
  });

  it('rejects with login_required, and sends nothing, when nobody is signed in', async () => {
    const api = stubApi();
    const mock = createMockAuthClient({ apiOrigins: [API], fetch: api });
    await expect(mock.fetch(`${API}/accounts`)).rejects.toMatchObject({ code: 'login_required' });
    expect(api).not.toHaveBeenCalled();
  });

  it('uses the global fetch of the moment by default (for MSW or vi.stubGlobal)', async () => {
    const api = stubApi();
    const mock = createMockAuthClient({ user: { sub: 'ann' }, apiOrigins: [API] });
    vi.stubGlobal('fetch', api);
    try {
      expect(await (await mock.fetch(`${API}/me`)).json()).toMatchObject({ sub: 'ann' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

/** A test API whose answers wait until the test releases them, so the user can change meanwhile. */
function heldApi(status = 200) {
  const held: (() => void)[] = [];
  const api = vi.fn(
    (request: Request) =>
      new Promise<Response>((resolve) => {
        held.push(() => resolve(Response.json({ sub: bearerOf(request)?.sub }, { status })));
      }),
  );
  const release = () => held.splice(0).forEach((answer) => answer());
  return { api, held, release };
}

describe('mock client.fetch when the user changes during a request (as core)', () => {
  it('drops an answer that arrives after a sign-out or a switch to another user: user_changed', async () => {
    const { api, held, release } = heldApi();
    const mock = signedIn(api);

    const beforeSignOut = mock.fetch(`${API}/accounts`).catch((error: unknown) => error);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    mock.endSession();
    release();
    expect(await beforeSignOut).toMatchObject({
      name: 'AuthError',
      code: 'user_changed',
      step: 'request',
      retryable: false,
    });

    mock.signInAs({ sub: 'jane' });
    const beforeSwitch = mock.fetch(`${API}/accounts`).catch((error: unknown) => error);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    mock.signInAs({ sub: 'john' });
    release();
    expect(await beforeSwitch).toMatchObject({ code: 'user_changed' });
  });

  it('a refresh of the same user is not a change: the answer is handed over', async () => {
    const { api, held, release } = heldApi();
    const mock = signedIn(api);
    const acrossRefresh = mock.fetch(`${API}/accounts`);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    mock.refreshToken();
    release();
    expect(await (await acrossRefresh).json()).toEqual({ sub: 'jane' });
  });

  it('a user who changed before a 401 came back gets no refresh and no retry as someone else', async () => {
    let signInJohn = () => {};
    const api = vi.fn(async (request: Request) => {
      if (bearerOf(request)!.n === 1) {
        signInJohn(); // the user changes before the 401 comes back
        return new Response(null, { status: 401 });
      }
      return Response.json({ sub: bearerOf(request)?.sub });
    });
    const mock = signedIn(api);
    signInJohn = () => mock.signInAs({ sub: 'john' });
    mock.resetCalls();
    await expect(mock.fetch(`${API}/accounts`)).rejects.toMatchObject({ code: 'user_changed' });
    expect(api).toHaveBeenCalledTimes(1);
    expect(mock.calls.getAccessToken).toEqual([{}]); // the first token only, no forced refresh
  });
});
