import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp, type FakeIdpOptions } from '@sesame/test-stack/fake-idp';
import type { AuthClientSettings } from './settings';
import { makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp | undefined;
beforeEach(resetBrowser);
afterEach(() => idp?.stop());

const start = async (options: FakeIdpOptions = {}) => (idp = await startFakeIdp(options));
const stored = () => sessionStorage.getItem(`sesame.user:bank-dashboard@${idp!.issuer}`);

/** Signs in (debug log captured) and returns the client, the log messages and the user's profile. */
async function signIn(extra: Partial<AuthClientSettings> = {}) {
  const debug = vi.fn();
  const { client } = await signedIn(idp!, { logger: { debug }, ...extra });
  const messages = () => debug.mock.calls.map(([message]) => message as string);
  return { client, messages, profile: client.getSnapshot().user?.profile };
}

describe('userinfo after sign-in (loadUserInfo)', () => {
  it('makes no userinfo request when the ID token carries the granted scopes’ claims', async () => {
    await start();
    const { profile } = await signIn();
    expect(profile).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@example.com' });
    expect(idp!.counters.userinfo).toBe(0);
  });

  it('reads userinfo once when the claims are there only, and merges them', async () => {
    // A lower-case token type too, as Glewlwyd sends: the scheme stays `Bearer`.
    await start({ profileClaimsInUserInfoOnly: true, tokenType: 'bearer' });
    const { client, profile, messages } = await signIn();
    expect(profile).toMatchObject({
      sub: 'usr_jane_doe',
      iss: idp!.issuer,
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
    });
    expect(idp!.counters.userinfo).toBe(1);
    expect(JSON.parse(stored()!).profile.name).toBe('Jane Doe');
    expect(messages()).not.toContain('userinfo failed');
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it('asks only for a granted scope’s missing claims: email granted and absent', async () => {
    await start({ mutateIdToken: (_h, claims) => void delete claims.email });
    await signIn({ scope: 'openid profile' }); // the name is there; email not granted
    expect(idp!.counters.userinfo).toBe(0);
    resetBrowser();
    const { profile } = await signIn(); // openid profile email
    expect(idp!.counters.userinfo).toBe(1);
    expect(profile).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@example.com' });
  });

  it('refuses a userinfo answer for another subject: userinfo_invalid, nobody stored', async () => {
    await start({ profileClaimsInUserInfoOnly: true, userInfoSub: 'usr_john_smith' });
    const { client, navigate } = makeClient(idp!);
    await reachCallback(client, navigate, idp!);
    const error = await client.handleCallback().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'userinfo_invalid', step: 'callback' });
    expect(client.getSnapshot()).toEqual({ status: 'error', user: null, error });
    expect(stored()).toBeNull();
    expect(idp!.counters.userinfo).toBe(1);
  });

  it('never reads userinfo with loadUserInfo: false', async () => {
    await start({ profileClaimsInUserInfoOnly: true });
    const { profile } = await signIn({ loadUserInfo: false });
    expect(profile).not.toHaveProperty('name');
    expect(idp!.counters.userinfo).toBe(0);
  });

  it('always reads it with loadUserInfo: true, and the signed ID token wins a conflict', async () => {
    await start({ mutateIdToken: (_h, claims) => void (claims.name = 'Jane Q. Doe') });
    const { profile } = await signIn({ loadUserInfo: true });
    expect(idp!.counters.userinfo).toBe(1);
    expect(profile).toMatchObject({ name: 'Jane Q. Doe', email: 'jane.doe@example.com' });
  });

  it('makes no userinfo request on refresh and keeps its claims over a new ID token', async () => {
    await start({ profileClaimsInUserInfoOnly: true });
    const { client } = await signIn();
    const before = client.getSnapshot().user!.profile;
    await client.getAccessToken({ forceRefresh: true });
    await client.getAccessToken({ forceRefresh: true });
    expect(idp!.counters.refresh_token).toBe(2);
    expect(idp!.counters.userinfo).toBe(1);
    expect(client.getSnapshot().user!.profile).toBe(before); // same claims: same object
    expect(JSON.parse(stored()!).profile).toMatchObject({ name: 'Jane Doe', sub: 'usr_jane_doe' });
  });

  it.each<[string, FakeIdpOptions]>([
    ['a network failure', { userInfoDown: true }],
    ['a signed JWT answer, which Sesame does not verify', { userInfoAsJwt: true }],
  ])('signs in without the claims after %s, and logs it', async (_case, options) => {
    await start({ profileClaimsInUserInfoOnly: true, ...options });
    const { client, profile, messages } = await signIn();
    expect(client.getSnapshot().status).toBe('authenticated');
    expect(profile).toMatchObject({ sub: 'usr_jane_doe' });
    expect(profile).not.toHaveProperty('name');
    expect(idp!.counters.userinfo).toBe(1);
    expect(messages()).toContain('userinfo failed');
  });
});
