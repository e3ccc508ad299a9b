// client.fetch against the real IdP and bank API over HTTP on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAuthError } from './errors';
import { startRealStack, APP, type RealStack } from '@sesame/test-stack/real-stack';
import { startRecordingServer } from '@sesame/test-stack/recording-server';

let stack: RealStack;
let other: Awaited<ReturnType<typeof startRecordingServer>>;

beforeEach(async () => {
  sessionStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
  stack = await startRealStack();
  other = await startRecordingServer();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await stack.stop();
  await other.stop();
});

const apiRequests = () => stack.api.requestLog.filter((entry) => entry.path !== '/health');
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('client.fetch: where the token goes', () => {
  it('sends the access token to the API and none to another origin', async () => {
    const { client } = await stack.signedIn('jane');
    const response = await client.fetch(`${stack.api.url}/accounts`);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { id: string }[] };
    expect(items.map((account) => account.id)).toContain('acc_jane_checking');
    expect(apiRequests()).toMatchObject([
      { path: '/accounts', status: 200, tokenKind: 'at+jwt', sub: 'usr_jane_doe' },
    ]);

    expect((await client.fetch(`${other.url}/anything`)).status).toBe(200);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("auth: 'required' refuses a non-allow-listed origin before any request; 'none' sends no token", async () => {
    const { client } = await stack.signedIn('jane');
    const error = await rejection(client.fetch(`${other.url}/x`, { auth: 'required' }));
    expect(error).toMatchObject({ code: 'token_origin_not_allowed', step: 'request' });
    expect(other.requests).toHaveLength(0);
    // A look-alike origin is not the API's origin.
    const lookAlike = stack.api.url.replace('127.0.0.1', '127.0.0.1.nip.io');
    expect(await rejection(client.fetch(lookAlike, { auth: 'required' }))).toMatchObject({
      code: 'token_origin_not_allowed',
    });

    const bare = await client.fetch(`${stack.api.url}/accounts`, { auth: 'none' });
    expect(bare.status).toBe(401); // resolved as fetch would, and no refresh for a token never sent
    expect(apiRequests()).toMatchObject([{ tokenKind: 'none', status: 401 }]);
    expect(stack.refreshes()).toBe(0);
  });

  it('rejects login_required without a request when nobody is signed in', async () => {
    const { client } = stack.makeClient();
    await client.initialize();
    expect(await rejection(client.fetch(`${stack.api.url}/accounts`))).toMatchObject({
      code: 'login_required',
    });
    expect(apiRequests()).toHaveLength(0);
  });

  it('does not follow a redirect with the token unless asked, and then the token stays behind', async () => {
    const { client } = await stack.signedIn('jane', { apiOrigins: [other.url] });
    const target = await startRecordingServer(); // a third origin
    try {
      const hop = `${other.url}/redirect?to=${encodeURIComponent(`${target.url}/stolen`)}`;
      expect(await rejection(client.fetch(hop))).toMatchObject({ code: 'network_error' });
      expect(other.requests[0]!.headers.authorization).toMatch(/^Bearer /);
      expect(target.requests).toHaveLength(0);

      expect((await client.fetch(hop, { redirect: 'follow' })).status).toBe(200);
      expect(target.requests).toHaveLength(1);
      expect(target.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await target.stop();
    }
  });
});

describe('client.fetch: a rejected token', () => {
  it('401 once → one refresh at the IdP, one retry, success', async () => {
    const { client } = await stack.signedIn('jane');
    const before = client.peekAccessToken();
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    const response = await client.fetch(`${stack.api.url}/accounts`);
    expect(response.status).toBe(200);
    expect(stack.refreshes()).toBe(1);
    expect(apiRequests().map((entry) => entry.status)).toEqual([401, 200]);
    expect(client.peekAccessToken()).not.toBe(before);
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('401 twice → exactly one refresh and one retry, then unauthenticated with `unauthorized`', async () => {
    const { client } = await stack.signedIn('jane');
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 2 });
    const error = await rejection(client.fetch(`${stack.api.url}/accounts`));
    expect(error).toMatchObject({
      code: 'unauthorized',
      step: 'request',
      retryable: false,
      oauthError: 'invalid_token',
    });
    expect(stack.refreshes()).toBe(1);
    expect(apiRequests().map((entry) => entry.status)).toEqual([401, 401]);
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
    expect(sessionStorage.length).toBe(0);
    // The dropped refresh token is revoked, not left alive at the IdP.
    // In the background, so on a loaded machine it may take a while: poll, with room to spare.
    await expect
      .poll(() => stack.idp.counters().revocations, { timeout: 15_000 })
      .toBeGreaterThan(0);
    // Nothing more goes out on its own, and the next call is refused without a request.
    expect(await rejection(client.fetch(`${stack.api.url}/accounts`))).toMatchObject({
      code: 'login_required',
    });
    expect(apiRequests()).toHaveLength(2);
  }, 30_000);

  it('a sign-in right after a session the API refused leaves only once its refresh token is revoked', async () => {
    // The IdP revokes the whole grant with the refresh token and reuses that grant for the browser
    // session's next authorization: leaving earlier lets the revocation kill the new sign-in's code.
    const { client, navigate } = await stack.signedIn('jane');
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 2 });
    await rejection(client.fetch(`${stack.api.url}/accounts`));
    const revocationsWhenLeaving: number[] = [];
    navigate.mockImplementation(() => {
      revocationsWhenLeaving.push(stack.idp.counters().revocations);
    });
    await client.signIn();
    expect(revocationsWhenLeaving).toHaveLength(1);
    expect(revocationsWhenLeaving[0]).toBeGreaterThanOrEqual(1);
  });

  it('20 concurrent requests hitting 401 together → exactly one refresh and 20 successful retries', async () => {
    const { client } = await stack.signedIn('jane');
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 20 });
    stack.answerTogether(20);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.fetch(`${stack.api.url}/accounts`)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(stack.refreshes()).toBe(1);
    expect(stack.idp.counters().tokenErrors).toEqual({});
    const statuses = apiRequests().map((entry) => entry.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
  });

  it('a refresh that fails login_required ends the session and rejects, with no retry', async () => {
    const { client } = await stack.signedIn('jane');
    await stack.idp.revokeUserTokens('usr_jane_doe');
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    const error = await rejection(client.fetch(`${stack.api.url}/accounts`));
    expect(error).toMatchObject({ code: 'login_required', oauthError: 'invalid_grant' });
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
    expect(apiRequests()).toHaveLength(1);
  });

  it('a refresh that fails with a network error rejects network_error and stays signed in', async () => {
    const { client } = await stack.signedIn('jane');
    await client.fetch(`${stack.api.url}/accounts`); // the API has the IdP's keys before it goes down
    const before = client.getSnapshot();
    await stack.idp.stop();
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    const error = await rejection(client.fetch(`${stack.api.url}/accounts`));
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect(client.getSnapshot()).toBe(before);
    expect(apiRequests().map((entry) => entry.status)).toEqual([200, 401]);
  });

  it('403 insufficient_scope (ann.viewer posting a transfer) rejects with the challenge, no refresh', async () => {
    const { client } = await stack.signedIn('ann');
    stack.idp.resetCounters();
    const error = await rejection(
      client.fetch(`${stack.api.url}/transfers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          fromAccountId: 'acc_ann_checking',
          toAccountId: 'acc_ann_savings',
          amount: '1.00',
          currency: 'EUR',
        }),
      }),
    );
    expect(isAuthError(error, 'insufficient_scope')).toBe(true);
    expect(error).toMatchObject({
      step: 'request',
      oauthError: 'insufficient_scope',
      challenge: { error: 'insufficient_scope', scope: 'transfers:write' },
    });
    expect(stack.refreshes()).toBe(0);
    expect(apiRequests()).toMatchObject([{ path: '/transfers', status: 403 }]);
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('a stream body is not sent twice: body_not_replayable after the refresh', async () => {
    const { client } = await stack.signedIn('jane');
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"accountId":"acc_jane_checking"}'));
        controller.close();
      },
    });
    const error = await rejection(
      client.fetch(`${stack.api.url}/cards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(error).toMatchObject({ code: 'body_not_replayable', retryable: true });
    expect((error as Error).message).toMatch(/stream/);
    expect(apiRequests()).toHaveLength(1);
    expect(stack.refreshes()).toBe(1);
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('replays string and Request bodies after a refresh', async () => {
    const { client } = await stack.signedIn('jane');
    const transfer = (key: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        fromAccountId: 'acc_jane_checking',
        toAccountId: 'acc_jane_savings',
        amount: '1.00',
        currency: 'EUR',
      }),
    });
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    expect((await client.fetch(`${stack.api.url}/transfers`, transfer('k-1'))).status).toBe(201);
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    const request = new Request(`${stack.api.url}/transfers`, transfer('k-2'));
    expect((await client.fetch(request)).status).toBe(201);
    expect(apiRequests().map((entry) => entry.status)).toEqual([401, 201, 401, 201]);
  });
});
