// Refresh and revocation: the real engine refreshing at the real IdP, with the proxy playing an IdP
// that is down, failing or silent. Each case checks the error code, whether the user is signed out
// (a final answer) or kept (a transient fault), and how many refresh requests reached the IdP: one
// per attempt, never a loop.
import { isAuthError, type AuthClient } from '@sesame/core';
import { refreshTokens } from '@sesame/idp/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  makeClient,
  resetBrowser,
  sesameEntries,
  signedIn,
  storedUser,
  type Navigate,
} from './support/browser';
import { startStack, type Stack } from './support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ api: false });
});
afterAll(() => stack.stop());
beforeEach(resetBrowser);
afterEach(() => {
  stack.proxy.tokenFault = undefined;
  vi.useRealTimers();
});

const refreshes = (s = stack) => s.proxy.tokenRequests.refresh_token;

/**
 * A final answer: login_required, signed out, nothing stored, no navigation. `fromIdp`: the IdP said
 * invalid_grant (rather than the engine knowing already that the session had ended).
 */
async function expectSignedOut(
  client: AuthClient,
  navigate: Navigate,
  error: unknown,
  { s = stack, fromIdp = true } = {},
) {
  expect(isAuthError(error, 'login_required'), `got ${String(error)}`).toBe(true);
  expect(error).toMatchObject({ retryable: false });
  if (fromIdp) {
    expect(error).toMatchObject({ oauthError: 'invalid_grant' });
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
  } else {
    expect(client.getSnapshot()).toMatchObject({ status: 'unauthenticated', user: null });
  }
  expect(sesameEntries()).toEqual({});
  expect(navigate).not.toHaveBeenCalled();
  // Asking again makes no request: nobody is signed in.
  const before = refreshes(s);
  const again = await client.getAccessToken().catch((e: unknown) => e);
  expect(isAuthError(again, 'login_required')).toBe(true);
  expect(refreshes(s)).toBe(before);
}

/**
 * A transient fault: network_error (retryable) for every concurrent caller, one request between
 * them, the session untouched; once the IdP is back, the next call refreshes with one request.
 */
async function expectKeptThroughFault(client: AuthClient, navigate: Navigate) {
  const before = client.getSnapshot();
  const token = client.peekAccessToken();
  const count = refreshes();
  const errors = await Promise.all(
    Array.from({ length: 5 }, () =>
      client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e),
    ),
  );
  for (const error of errors) {
    expect(error).toMatchObject({ code: 'network_error', retryable: true, step: 'refresh' });
  }
  expect(refreshes()).toBe(count + 1);
  expect(client.getSnapshot()).toBe(before);
  expect(storedUser(stack)?.access_token).toBe(token);
  expect(navigate).not.toHaveBeenCalled();
  stack.proxy.tokenFault = undefined;
  expect(await client.getAccessToken({ forceRefresh: true })).not.toBe(token);
  expect(refreshes()).toBe(count + 2);
}

describe('refresh and revocation', () => {
  it('refresh token reused after rotation (replayed by a thief) → the IdP ends the grant; the app gets login_required once and is signed out', async () => {
    const { client, navigate } = await signedIn(stack);
    const stolen = storedUser(stack)!.refresh_token as string;
    await client.getAccessToken({ forceRefresh: true }); // rotation: `stolen` is now spent
    await expect(refreshTokens({ issuer: stack.issuer, refreshToken: stolen })).rejects.toThrow(
      /invalid_grant/,
    );
    navigate.mockClear();
    const count = refreshes();
    const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(refreshes()).toBe(count + 1);
    await expectSignedOut(client, navigate, error);
  });

  it('refresh after sign-out on another page of the app (tokens revoked) → login_required, signed out, at most one request', async () => {
    const first = await signedIn(stack);
    const stolen = storedUser(stack)!.refresh_token as string;
    const second = makeClient(stack); // another page of the app, same session
    await second.client.initialize();
    expect(second.client.getSnapshot().status).toBe('authenticated');
    await first.client.signOut({ redirect: false });
    // The revocation happened at the IdP: the refresh token is dead there.
    await expect(refreshTokens({ issuer: stack.issuer, refreshToken: stolen })).rejects.toThrow(
      /invalid_grant/,
    );
    second.navigate.mockClear();
    const count = refreshes();
    const error = await second.client
      .getAccessToken({ forceRefresh: true })
      .catch((e: unknown) => e);
    // The other page hears of the sign-out (cross-tab channel) and asks nothing; without that
    // channel it would learn it from the IdP's invalid_grant. Either way: at most one request.
    expect(refreshes() - count).toBeLessThanOrEqual(1);
    await expectSignedOut(second.client, second.navigate, error, {
      fromIdp: refreshes() - count === 1,
    });
  });

  it('refresh after the refresh token’s absolute lifetime (60 s) → login_required, signed out, one request', async () => {
    const short = await startStack({ api: false, idp: { refreshTokenTtl: 60 } });
    try {
      const { client, navigate } = await signedIn(short);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
      const count = refreshes(short);
      const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
      expect(refreshes(short)).toBe(count + 1);
      await expectSignedOut(client, navigate, error, { s: short });
    } finally {
      vi.useRealTimers();
      await short.stop();
    }
  });

  it('IdP down during refresh (connection dropped) → network_error, retryable, still signed in, one request for five callers', async () => {
    const { client, navigate } = await signedIn(stack);
    stack.proxy.tokenFault = 'drop';
    await expectKeptThroughFault(client, navigate);
  });

  it('IdP answering 500 server_error → network_error, retryable, still signed in, one request for five callers', async () => {
    const { client, navigate } = await signedIn(stack);
    stack.proxy.tokenFault = { status: 500, body: '{"error":"server_error"}' };
    await expectKeptThroughFault(client, navigate);
  });

  it('IdP answering 503 with an HTML page → network_error, retryable, still signed in', async () => {
    const { client, navigate } = await signedIn(stack);
    stack.proxy.tokenFault = { status: 503, body: '<html>Service Unavailable</html>' };
    await expectKeptThroughFault(client, navigate);
  });

  it('slow IdP (no answer within fetchTimeoutMs = 300 ms) → network_error, retryable, still signed in, one request', async () => {
    const { client, navigate } = await signedIn(stack, { fetchTimeoutMs: 300 });
    stack.proxy.tokenFault = 'hang';
    await expectKeptThroughFault(client, navigate);
  });
});
