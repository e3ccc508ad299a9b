import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTabChannel, type TabMessage } from './cross-tab';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { lastUrl, makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';
import type { AuthClient } from './types';

let idp: FakeIdp;
const clients: AuthClient[] = [];
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  vi.unstubAllGlobals();
  await idp.stop();
});

/** A second (third...) tab of the same app. */
async function tab(extra: Parameters<typeof makeClient>[1] = {}) {
  const made = makeClient(idp, extra);
  clients.push(made.client);
  await made.client.initialize();
  return made;
}
async function signedInTab(extra: Parameters<typeof makeClient>[1] = {}) {
  const made = await signedIn(idp, extra);
  clients.push(made.client);
  return made;
}

describe('cross-tab sign-out', () => {
  it.each(['local', 'memory'] as const)(
    'signs every other tab out (storage %s), with onUserChanged(prev, null) there',
    async (storage) => {
      const a = await signedInTab({ storage });
      // With memory (like session storage) each tab has its own tokens, from its own sign-in.
      const b = storage === 'local' ? await tab({ storage }) : await signedInTab({ storage });
      expect(b.client.getSnapshot().status).toBe('authenticated');
      const changes: unknown[] = [];
      b.client.onUserChanged((prev, next) => changes.push([prev, next]));

      const started = performance.now();
      await a.client.signOut({ redirect: false });
      await vi.waitFor(() => expect(b.client.getSnapshot().status).toBe('unauthenticated'), {
        timeout: 1000,
        interval: 5,
      });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(b.client.getSnapshot().error).toMatchObject({
        code: 'signed_out_elsewhere',
        step: 'sign_out',
        retryable: false,
      });
      // The tab that signed out says nothing about "elsewhere".
      expect(a.client.getSnapshot()).toMatchObject({ status: 'unauthenticated', error: null });
      expect(changes).toEqual([['usr_jane_doe', null]]);
      await expect(b.client.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
      // Tab B's own tokens are revoked too when they were its own (2 revocations per tab).
      await vi.waitFor(() => expect(idp.counters.revocations).toBe(storage === 'local' ? 2 : 4));
    },
  );

  it.each(['local', 'memory'] as const)(
    'after it, an automatic sign-in in the other tab stays put; one the user asks for leaves (storage %s)',
    async (storage) => {
      const a = await signedInTab({ storage });
      const b = storage === 'local' ? await tab({ storage }) : await signedInTab({ storage });
      await a.client.signOut({ redirect: false });
      await vi.waitFor(() =>
        expect(b.client.getSnapshot().error?.code).toBe('signed_out_elsewhere'),
      );
      // The other tab may not have reached the IdP's logout yet: a route guard leaving now would
      // find the IdP session alive and sign the user straight back in.
      const navigations = b.navigate.mock.calls.length;
      await expect(b.client.signIn({ auto: true })).resolves.toBeUndefined();
      expect(b.navigate.mock.calls.length).toBe(navigations);
      expect(b.client.getSnapshot()).toMatchObject({
        status: 'unauthenticated',
        error: { code: 'signed_out_elsewhere' },
      });
      await b.client.signIn();
      expect(b.navigate.mock.calls.length).toBe(navigations + 1);
    },
  );

  it('does not echo: a tab that hears a sign-out does not announce another', async () => {
    const a = await signedInTab({ storage: 'local' });
    const b = await tab({ storage: 'local' });
    const heard: TabMessage[] = [];
    const spy = createTabChannel(`sesame:bank-dashboard@${idp.issuer}`, (m) => heard.push(m));
    await a.client.signOut({ redirect: false });
    await vi.waitFor(() => expect(b.client.getSnapshot().status).toBe('unauthenticated'));
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toEqual([{ type: 'signed-out', reason: 'sign_out' }]);
    spy.close();
  });
});

describe('cross-tab sign-in and refresh (storage: local)', () => {
  it('a sign-in in one tab is picked up by an open tab without a reload', async () => {
    const b = await tab({ storage: 'local' });
    expect(b.client.getSnapshot().status).toBe('unauthenticated');
    const changes: unknown[] = [];
    b.client.onUserChanged((prev, next) => changes.push([prev, next]));
    await signedInTab({ storage: 'local' });
    await vi.waitFor(() => expect(b.client.getSnapshot().status).toBe('authenticated'));
    expect(changes).toEqual([[null, 'usr_jane_doe']]);
    expect(idp.counters.authorization_code).toBe(1);
  });

  it('a refresh in one tab gives the other tab the new token, with no request of its own', async () => {
    const a = await signedInTab({ storage: 'local' });
    const b = await tab({ storage: 'local' });
    const fresh = await a.client.getAccessToken({ forceRefresh: true });
    await vi.waitFor(() => expect(b.client.peekAccessToken()).toBe(fresh));
    expect(await b.client.getAccessToken()).toBe(fresh);
    expect(idp.counters.refresh_token).toBe(1);
  });

  it('with session storage a new tab has no tokens: signed out, or signed in silently with prompt=none', async () => {
    await signedInTab(); // default storage: session
    // A new tab starts with an empty sessionStorage (jsdom has one, so clear it to play the new tab).
    sessionStorage.clear();
    const b = await tab();
    expect(b.client.getSnapshot()).toMatchObject({ status: 'unauthenticated', error: null });
    // The app may ask for a silent sign-in: with an IdP session the user comes back signed in...
    await reachCallback(b.client, b.navigate, idp, { prompt: 'none' });
    expect(new URL(lastUrl(b.navigate)).searchParams.get('prompt')).toBe('none');
    await b.client.handleCallback();
    expect(b.client.getSnapshot().status).toBe('authenticated');
    // ...and without one the tab settles as signed out (login_required), not as an error.
    sessionStorage.clear();
    const c = await tab();
    await reachCallback(c.client, c.navigate, idp, { prompt: 'none', error: 'login_required' });
    await c.client.handleCallback().catch(() => {});
    expect(c.client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { oauthError: 'login_required' },
    });
  });
});

describe('a window without BroadcastChannel', () => {
  // Such an engine predates crypto.randomUUID, which sign-in needs, so Sesame keeps no fallback
  // channel there: it is no browser Sesame supports, and every browser command says so (typed, each
  // time), rather than running on without cross-tab sign-out.
  it('rejects every browser command with browser_required', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const { client, navigate } = makeClient(idp);
    clients.push(client);
    for (const command of [
      () => client.initialize(),
      () => client.signIn(),
      () => client.handleCallback(),
      () => client.signOut(),
      () => client.getAccessToken(),
    ]) {
      await expect(command()).rejects.toMatchObject({ code: 'browser_required' });
    }
    await expect(client.initialize()).rejects.toMatchObject({ code: 'browser_required' });
    expect(navigate).not.toHaveBeenCalled();
    expect(idp.counters.authorization_code).toBe(0);
  });
});
