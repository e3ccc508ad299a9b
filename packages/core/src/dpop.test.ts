// The dpop() setting: its errors, its fall back, and the key's life. (Proofs: dpop-proof.test.ts;
// nonces: dpop-fetch.test.ts; the real IdP and API: dpop.integration.test.ts.)
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { createAuthClient } from './client';
import { dpop, type Dpop } from './dpop';
import { isAuthError } from './errors';
import { makeClient, reachCallback, resetBrowser } from './testing/harness';

let idp: FakeIdp | undefined;
beforeEach(resetBrowser);
afterEach(async () => {
  vi.unstubAllGlobals();
  await idp?.stop();
  idp = undefined;
});

const base = {
  authority: 'https://idp.example',
  client_id: 'app',
  redirect_uri: 'https://app.example/cb',
};
let clientCount = 0;
const bind = (made: Dpop | undefined, storage: 'session' | 'memory' | 'local' = 'session') =>
  made!({ ...base, client_id: `app-${++clientCount}`, storage });

describe('the dpop setting', () => {
  it('refuses anything but dpop()’s result, saying how to write it', () => {
    for (const wrong of [true, 'on', {}]) {
      expect(() => createAuthClient({ ...base, dpop: wrong as never })).toThrow(
        expect.objectContaining({
          code: 'invalid_settings',
          message: expect.stringMatching(/dpop\(\)/),
        }),
      );
    }
    // The factory itself, uncalled, is a function too: it says so when the engine binds it.
    expect(() => createAuthClient({ ...base, dpop: dpop as never })).toThrow(
      expect.objectContaining({
        code: 'invalid_settings',
        message: expect.stringMatching(/dpop: dpop\(\)/),
      }),
    );
    expect(() => createAuthClient({ ...base, dpop: dpop() })).not.toThrow();
  });

  it("without IndexedDB: dpop() makes sign-in reject dpop_unavailable and leave nothing; fallback 'bearer' turns DPoP off", async () => {
    vi.stubGlobal('indexedDB', undefined);
    expect(dpop({ fallback: 'bearer' })).toBeUndefined();
    idp = await startFakeIdp();
    const { client, navigate } = makeClient(idp, { dpop: dpop() });
    const error = await client.signIn().catch((e: unknown) => e);
    expect(isAuthError(error, 'dpop_unavailable')).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
    expect(client.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'dpop_unavailable' },
    });
  });

  it('refuses a Bearer token when DPoP is on (the IdP did not bind it): dpop_unavailable, nothing stored', async () => {
    idp = await startFakeIdp({ tokenType: 'Bearer' });
    const { client, navigate } = makeClient(idp, { dpop: dpop() });
    await reachCallback(client, navigate, idp);
    const error = await client.handleCallback().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'dpop_unavailable', step: 'callback' });
    expect(client.peekAccessToken()).toBeNull();
    expect(sessionStorage.getItem(`sesame.user:bank-dashboard@${idp.issuer}`)).toBeNull();
  });

  it('accepts token_type DPoP, in any case, only with dpop()', async () => {
    idp = await startFakeIdp({ tokenType: 'dpop' });
    const withDpop = makeClient(idp, { dpop: dpop() });
    await reachCallback(withDpop.client, withDpop.navigate, idp);
    await withDpop.client.handleCallback();
    expect(withDpop.client.getSnapshot().status).toBe('authenticated');

    resetBrowser();
    const without = makeClient(idp);
    await reachCallback(without.client, without.navigate, idp);
    await expect(without.client.handleCallback()).rejects.toMatchObject({
      code: 'token_type_unsupported',
    });
  });
});

describe('userinfo with DPoP', () => {
  it('is read with the DPoP scheme and a proof for GET userinfo (a bare Bearer call is refused)', async () => {
    idp = await startFakeIdp({ tokenType: 'DPoP', profileClaimsInUserInfoOnly: true });
    const debug = vi.fn();
    const { client, navigate } = makeClient(idp, { dpop: dpop(), logger: { debug } });
    await reachCallback(client, navigate, idp);
    await client.handleCallback();
    expect(idp.counters.userinfo).toBe(1);
    expect(client.getSnapshot().user?.profile).toMatchObject({ name: 'Jane Doe' });
    expect(debug.mock.calls.map(([message]) => message as string)).not.toContain('userinfo failed');
    // The fake refuses a Bearer call for a DPoP token: the check above can fail.
    const bare = await fetch(`${idp.issuer}/userinfo`, {
      headers: { authorization: `Bearer ${client.peekAccessToken()}` },
    });
    expect(bare.status).toBe(401);
  });
});

describe('the DPoP key', () => {
  it('is one per client in IndexedDB: a reload (a new binding) finds it; forget() deletes it', async () => {
    const made = dpop()!;
    const client = { ...base, storage: 'session' as const };
    const first = made(client);
    const jkt = await first.jkt();
    expect(jkt).toMatch(/^[\w-]{43}$/);
    expect(await made(client).jkt()).toBe(jkt);
    await first.forget();
    const next = await made(client).jkt();
    expect(next).not.toBe(jkt);
  });

  it('concurrent first uses make one key', async () => {
    const binding = bind(dpop());
    const all = await Promise.all(Array.from({ length: 5 }, () => binding.jkt()));
    expect(new Set(all).size).toBe(1);
  });

  it("with storage 'memory' lives in the page only: another binding (a reload) has another key", async () => {
    const made = dpop()!;
    const client = { ...base, client_id: 'memory-app', storage: 'memory' as const };
    const one = made(client);
    expect(await one.jkt()).toBe(await one.jkt());
    expect(await made(client).jkt()).not.toBe(await one.jkt());
  });

  it('keeps the private key non-extractable in the store (what oidc-client-ts reads)', async () => {
    const binding = bind(dpop());
    await binding.jkt();
    const state = (await binding.oidc.store.get('ignored')) as unknown as {
      keys: CryptoKeyPair;
    };
    expect(state.keys.privateKey.extractable).toBe(false);
    expect(state.keys.privateKey.type).toBe('private');
  });
});
