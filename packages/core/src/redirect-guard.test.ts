import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAuthError } from './errors';
import { AUTO_SIGN_IN_COOLDOWN_MS } from './sign-in-policy';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { lastUrl, makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(async () => {
  vi.useRealTimers();
  await idp.stop();
});

describe('automatic sign-in (redirect-loop guard)', () => {
  it('concurrent calls share one attempt: StrictMode-style double calls navigate once', async () => {
    const { client, navigate } = makeClient(idp);
    await Promise.all([
      client.signIn({ auto: true, returnTo: '/a' }),
      client.signIn({ auto: true, returnTo: '/a' }),
      client.signIn({ returnTo: '/a' }),
    ]);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('an automatic call after the redirect started does nothing; a manual one still navigates', async () => {
    const { client, navigate } = makeClient(idp);
    await client.signIn({ auto: true, returnTo: '/a' });
    await client.signIn({ auto: true, returnTo: '/b' });
    expect(navigate).toHaveBeenCalledTimes(1);
    await client.signIn({ returnTo: '/b' });
    expect(navigate).toHaveBeenCalledTimes(2);
  });

  it('refuses an automatic sign-in right after a completed one lost its session: error state, no redirect', async () => {
    const { client, navigate } = await signedIn(idp);
    navigate.mockClear();
    // The session ends without a sign-out by the user (a refresh the IdP refuses).
    const stored = `sesame.user:bank-dashboard@${idp.issuer}`;
    const user = JSON.parse(sessionStorage.getItem(stored)!) as { refresh_token: string };
    await fetch(`${idp.issuer}/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ token: user.refresh_token }),
    });
    await client.getAccessToken({ forceRefresh: true }).catch(() => {});
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'login_required' },
    });
    const error = await client.signIn({ auto: true }).catch((e: unknown) => e);
    expect(isAuthError(error, 'redirect_loop_prevented')).toBe(true);
    expect(client.getSnapshot()).toEqual({ status: 'error', user: null, error });
    expect(navigate).not.toHaveBeenCalled();
    // The user can always ask.
    await client.signIn();
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('remembers the sign-in across a reload (the time travels with the stored user), and forgets it after the cooldown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await signedIn(idp);
    const reloaded = makeClient(idp); // same sessionStorage, fresh engine
    await reloaded.client.initialize();
    const stored = `sesame.user:bank-dashboard@${idp.issuer}`;
    const { refresh_token } = JSON.parse(sessionStorage.getItem(stored)!) as {
      refresh_token: string;
    };
    await fetch(`${idp.issuer}/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ token: refresh_token }),
    });
    await reloaded.client.getAccessToken({ forceRefresh: true }).catch(() => {});
    expect(sessionStorage.getItem(stored)).toBeNull(); // nothing of the session is left behind
    // Asked, not tried: a refused sign-in becomes the error state, which no automatic one leaves.
    expect(reloaded.client.signInDecision()).toMatchObject({ code: 'redirect_loop_prevented' });
    vi.setSystemTime(Date.now() + AUTO_SIGN_IN_COOLDOWN_MS + 1);
    expect(reloaded.client.signInDecision()).toBe('go');
    await reloaded.client.signIn({ auto: true });
    expect(reloaded.navigate).toHaveBeenCalledTimes(1);
  });

  it('refuses an automatic sign-in in a page that came back from the IdP without an answer (back button)', async () => {
    const first = makeClient(idp);
    await first.client.signIn({ auto: true, returnTo: '/accounts' });
    const back = makeClient(idp); // the page loads again, no callback in the URL
    await back.client.initialize();
    const error = await back.client.signIn({ auto: true }).catch((e: unknown) => e);
    expect(isAuthError(error, 'redirect_loop_prevented')).toBe(true);
    expect(back.navigate).not.toHaveBeenCalled();
  });

  it('a callback clears the "left for the IdP" mark, whatever its outcome', async () => {
    const { client, navigate } = makeClient(idp);
    await reachCallback(client, navigate, idp, { error: 'access_denied' });
    await client.handleCallback().catch(() => {});
    expect(client.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'callback_error' },
    });
    expect(Object.keys(sessionStorage)).toEqual([]);
  });

  it('leaves nobody automatically while the state says why (a refused sign-in); the user still can', async () => {
    const { client, navigate } = makeClient(idp);
    await reachCallback(client, navigate, idp, { error: 'access_denied' });
    await client.handleCallback().catch(() => {});
    navigate.mockClear();
    const { error } = client.getSnapshot();
    expect(client.signInDecision()).toBe(error);
    await expect(client.signIn({ auto: true })).resolves.toBeUndefined();
    expect(client.getSnapshot().error).toBe(error);
    expect(navigate).not.toHaveBeenCalled();
    await client.signIn();
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('a discovery failure is published as the error state, without navigating', async () => {
    const down = makeClient({ issuer: 'http://127.0.0.1:9' });
    await down.client.initialize();
    const error = await down.client.signIn({ auto: true }).catch((e: unknown) => e);
    expect(isAuthError(error)).toBe(true);
    expect(down.client.getSnapshot()).toEqual({ status: 'error', user: null, error });
    expect(down.navigate).not.toHaveBeenCalled();
  });

  it('signOut() resets the guard: the next automatic sign-in goes', async () => {
    const { client, navigate } = await signedIn(idp);
    await client.signOut({ redirect: false });
    navigate.mockClear();
    await client.signIn({ auto: true });
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('no automatic sign-in while signing out, nor after leaving for the logout page', async () => {
    const { client, navigate } = await signedIn(idp);
    navigate.mockClear();
    // A guard reacting to the sign-out's "unauthenticated" asks at once, then again later.
    const unsubscribe = client.subscribe(() => {
      if (client.getSnapshot().status === 'unauthenticated') void client.signIn({ auto: true });
    });
    await client.signOut();
    unsubscribe();
    await client.signIn({ auto: true });
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(new URL(lastUrl(navigate)).pathname).toBe('/logout');
  });
});
