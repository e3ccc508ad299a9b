import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp, type FakeIdpOptions } from '@sesame/test-stack/fake-idp';
import { makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp | undefined;
beforeEach(resetBrowser);
afterEach(() => idp?.stop());

describe('token_type: only one Sesame can send', () => {
  it('refuses token_type mac at sign-in: token_type_unsupported and no stored user', async () => {
    idp = await startFakeIdp({ tokenType: 'mac' });
    const { client, navigate } = makeClient(idp);
    await reachCallback(client, navigate, idp);
    const error = await client.handleCallback().catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'token_type_unsupported',
      step: 'callback',
    });
    expect(client.getSnapshot()).toEqual({ status: 'error', user: null, error });
    expect(sessionStorage.length).toBe(0);
    expect(client.peekAccessToken()).toBeNull();
  });

  it.each(['bearer', 'BEARER', 'Bearer'])(
    'accepts token_type %s (case-insensitive)',
    async (type) => {
      idp = await startFakeIdp({ tokenType: type });
      const { client } = await signedIn(idp);
      expect(client.getSnapshot().status).toBe('authenticated');
    },
  );

  it('refuses token_type mac at refresh: token_type_unsupported, the new token not used, and the session ends (every refresh would fail the same way)', async () => {
    const options: FakeIdpOptions = {};
    idp = await startFakeIdp(options);
    const { client } = await signedIn(idp);
    const before = client.peekAccessToken();
    options.tokenType = 'mac'; // the fake IdP reads its options at each response
    await expect(client.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({
      code: 'token_type_unsupported',
      step: 'refresh',
    });
    expect(idp.counters.refresh_token).toBe(1);
    expect(before).toBeTruthy();
    expect(client.peekAccessToken()).toBeNull();
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'token_type_unsupported' },
    });
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
    expect(idp.counters.refresh_token).toBe(1);
  });
});
