// DPoP end to end against the real IdP (DPoP required of the dashboard client) and the real bank
// API, over HTTP on 127.0.0.1. jsdom has no IndexedDB: fake-indexeddb stands in for the browser's.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dpop } from './dpop';
import { crossTabLock } from './refresh-lock';
import { isAuthError } from './errors';
import { startRealStack, APP, type RealStack } from '@sesame/test-stack/real-stack';
import { newDpopHolder, signDpopProof } from '@sesame/test-stack/dpop-client';

let stack: RealStack | undefined;

async function start(options: Parameters<typeof startRealStack>[0] = {}) {
  sessionStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
  stack = await startRealStack({ dpop: true, ...options });
  return stack;
}
afterEach(async () => {
  vi.restoreAllMocks();
  await stack?.stop();
  stack = undefined;
});

const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as {
    cnf?: { jkt?: string };
    exp: number;
  };
const apiRequests = (s: RealStack) => s.api.requestLog.filter((entry) => entry.path !== '/health');
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('DPoP with the real IdP and bank API', () => {
  it('binds the code (dpop_jkt) and the tokens to one key, and loads data with DPoP proofs', async () => {
    const s = await start();
    const { client, navigate } = await s.signedIn('jane', { dpop: dpop() });
    const authorize = new URL(navigate.mock.calls[0]![0] as string);
    const jkt = authorize.searchParams.get('dpop_jkt');
    expect(jkt).toMatch(/^[\w-]{43}$/);
    const token = client.peekAccessToken()!;
    expect(claims(token).cnf?.jkt).toBe(jkt);

    const response = await client.fetch(`${s.api.url}/accounts`);
    expect(response.status).toBe(200);
    expect(apiRequests(s)).toMatchObject([{ path: '/accounts', status: 200 }]);
    expect(s.refreshes()).toBe(0);
  });

  it('refreshes with a proof: the new and the rotated tokens stay bound to the same key', async () => {
    const s = await start();
    const { client } = await s.signedIn('jane', { dpop: dpop() });
    const jkt = claims(client.peekAccessToken()!).cnf?.jkt;
    for (let round = 1; round <= 2; round++) {
      const fresh = await client.getAccessToken({ forceRefresh: true });
      expect(claims(fresh).cnf?.jkt).toBe(jkt);
      expect((await client.fetch(`${s.api.url}/accounts`)).status).toBe(200);
    }
    expect(s.refreshes()).toBe(2);
  });

  it('20 concurrent requests at expiry: one refresh (with a proof), 20 successes', async () => {
    const s = await start({ accessTokenTtl: 2 });
    const { client } = await s.signedIn('jane', { dpop: dpop(), refreshBeforeExpirySeconds: 0 });
    await new Promise((resolve) => setTimeout(resolve, 2300));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => client.fetch(`${s.api.url}/accounts`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(s.refreshes()).toBe(1);
  });

  it('answers the IdP and the API nonce challenges once each, and never refreshes for them', async () => {
    const s = await start({ dpopNonce: true, api: { dpopNonce: true } });
    const { client } = await s.signedIn('jane', { dpop: dpop() });
    expect((await client.fetch(`${s.api.url}/accounts`)).status).toBe(200);
    expect((await client.fetch(`${s.api.url}/accounts`)).status).toBe(200);
    // First request: use_dpop_nonce, then the retry; the second request reuses the nonce.
    expect(apiRequests(s).map((entry) => entry.status)).toEqual([401, 200, 200]);
    expect(s.refreshes()).toBe(0);
    // The IdP's nonce is answered at the refresh too (oidc-client-ts keeps it with the key).
    expect(claims(await client.getAccessToken({ forceRefresh: true })).cnf?.jkt).toBeTruthy();
    expect(s.refreshes()).toBe(1);
  });

  it('a copied token is useless: as Bearer, with no proof, or with a proof by another key', async () => {
    const s = await start();
    const { client } = await s.signedIn('jane', { dpop: dpop() });
    const token = client.peekAccessToken()!;
    const url = `${s.api.url}/accounts`;
    const asBearer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const noProof = await fetch(url, { headers: { authorization: `DPoP ${token}` } });
    const thief = await newDpopHolder();
    const otherKey = await fetch(url, {
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await signDpopProof(thief, token, url),
      },
    });
    expect([asBearer.status, noProof.status, otherKey.status]).toEqual([401, 401, 401]);
    expect((await client.fetch(url)).status).toBe(200); // the page itself keeps working
  });

  it("tabs sharing tokens (storage 'local') share the key: the other tab's refresh and requests work", async () => {
    const s = await start();
    localStorage.clear();
    const shared = { dpop: dpop(), storage: 'local' as const, crossTabLock };
    const tabA = await s.signedIn('jane', shared);
    const jkt = claims(tabA.client.peekAccessToken()!).cnf?.jkt;
    const tabB = s.makeClient({ ...shared, dpop: dpop() });
    await tabB.client.initialize();
    expect((await tabB.client.fetch(`${s.api.url}/accounts`)).status).toBe(200);
    const refreshed = await tabB.client.getAccessToken({ forceRefresh: true });
    expect(claims(refreshed).cnf?.jkt).toBe(jkt);
    // Tab A takes the token tab B stored and proves it with the same key.
    expect((await tabA.client.fetch(`${s.api.url}/accounts`)).status).toBe(200);
    expect(tabA.client.peekAccessToken()).toBe(refreshed);
    expect(s.refreshes()).toBe(1);
    tabA.client.dispose();
    tabB.client.dispose();
    localStorage.clear();
  });

  it('a reload keeps the binding (the key is in IndexedDB); sign-out deletes it and the next sign-in makes a new one', async () => {
    const s = await start();
    const first = await s.signedIn('jane', { dpop: dpop() });
    const jkt = claims(first.client.peekAccessToken()!).cnf?.jkt;
    first.client.dispose();

    const reloaded = s.makeClient({ dpop: dpop() });
    await reloaded.client.initialize();
    expect((await reloaded.client.fetch(`${s.api.url}/accounts`)).status).toBe(200);

    const entry = `bank-dashboard@${s.idp.issuer}`;
    expect(await indexedDbEntries()).toContain(entry);
    await reloaded.client.signOut({ redirect: false });
    await vi.waitFor(async () => expect(await indexedDbEntries()).not.toContain(entry));
    const again = await s.signedIn('jane', { dpop: dpop() });
    const newJkt = claims(again.client.peekAccessToken()!).cnf?.jkt;
    expect(newJkt).toBeTruthy();
    expect(newJkt).not.toBe(jkt);
  });

  it('deletes the key when the session ends because the IdP refused the refresh', async () => {
    const s = await start();
    const { client } = await s.signedIn('jane', { dpop: dpop() });
    const entry = `bank-dashboard@${s.idp.issuer}`;
    expect(await indexedDbEntries()).toContain(entry);
    const stored = JSON.parse(sessionStorage.getItem(`sesame.user:${entry}`)!) as {
      refresh_token: string;
    };
    const doc = (await (
      await fetch(`${s.idp.issuer}/.well-known/openid-configuration`)
    ).json()) as {
      revocation_endpoint: string;
    };
    const revoked = await fetch(doc.revocation_endpoint, {
      method: 'POST',
      body: new URLSearchParams({ token: stored.refresh_token, client_id: 'bank-dashboard' }),
    });
    expect(revoked.status).toBe(200);
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'login_required',
    });
    await vi.waitFor(async () => expect(await indexedDbEntries()).not.toContain(entry));
  });

  it('without a DPoP setting, the IdP that requires DPoP refuses the code exchange', async () => {
    const s = await start();
    const error = await rejection(s.signedIn('jane'));
    expect(isAuthError(error, 'callback_error')).toBe(true);
  });
});

/** The names of the entries in Sesame's DPoP key store. */
function indexedDbEntries(): Promise<IDBValidKey[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('sesame');
    open.onsuccess = () => {
      const req = open.result.transaction('dpop', 'readonly').objectStore('dpop').getAllKeys();
      req.onsuccess = () => {
        open.result.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error);
    };
    open.onerror = () => reject(open.error);
  });
}
