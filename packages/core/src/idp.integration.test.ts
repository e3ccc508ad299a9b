// The engine against the real local IdP (apps/idp, oidc-provider) over HTTP on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  completeLogin,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  refreshTokens,
  startIdp as start,
  type RunningIdp,
} from '@sesame/test-stack/real-idp';
import { createAuthClient } from './client';
import type { AuthClientSettings } from './settings';

const APP = 'http://localhost:3000';
const JANE = { login: 'jane.doe', password: 'sesame' };
let idp: RunningIdp;

async function startIdp(accessTokenTtl = 300, signingAlg: 'RS256' | 'ES256' = 'RS256') {
  idp = await start({
    port: 0,
    accessTokenTtl,
    signingAlg,
    dashboardRedirectUris: [`${APP}/callback`],
    dashboardPostLogoutRedirectUris: [`${APP}/`],
  });
}

function makeClient(extra: Partial<AuthClientSettings> = {}) {
  const navigate = vi.fn<NonNullable<AuthClientSettings['navigate']>>();
  const client = createAuthClient({
    authority: idp.issuer,
    client_id: DASHBOARD_CLIENT_ID,
    redirect_uri: `${APP}/callback`,
    post_logout_redirect_uri: `${APP}/`,
    scope: DEFAULT_DASHBOARD_SCOPE,
    navigate,
    autoRenew: false,
    ...extra,
  });
  return { client, navigate };
}

async function signIn(extra: Partial<AuthClientSettings> = {}) {
  const made = makeClient(extra);
  await made.client.signIn({ returnTo: '/accounts/123?tab=history#top' });
  const callback = await completeLogin(made.navigate.mock.calls.at(-1)![0], JANE);
  window.history.replaceState(null, '', callback);
  expect(await made.client.handleCallback()).toEqual({ returnTo: '/accounts/123?tab=history#top' });
  return made;
}

const userKey = () => `sesame.user:${DASHBOARD_CLIENT_ID}@${idp.issuer}`;
const JANE_CLAIMS = { sub: 'usr_jane_doe', name: 'Jane Doe', email: 'jane.doe@example.com' };

// Requests sent to the IdP's userinfo endpoint (a spy on fetch, in the userinfo tests).
let fetchSpy: MockInstance<typeof fetch>;
async function userinfoCalls() {
  const { userinfo_endpoint: endpoint } = (await (
    await fetch(`${idp.issuer}/.well-known/openid-configuration`)
  ).json()) as { userinfo_endpoint: string };
  return fetchSpy.mock.calls.filter(([url]) => url === endpoint).length;
}

beforeEach(() => {
  sessionStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
});
afterEach(() => idp.stop());

describe('against the real IdP', () => {
  it('signs in with one code exchange, a clean URL and the granted scopes', async () => {
    await startIdp();
    const { client } = await signIn();
    expect(idp.counters().tokenRequests.authorization_code).toBe(1);
    expect(window.location.href).toBe(`${APP}/callback`);
    expect(client.getSnapshot()).toMatchObject({
      status: 'authenticated',
      user: {
        sub: 'usr_jane_doe',
        scopes: expect.arrayContaining(['accounts:read', 'transfers:write']),
      },
    });
  });

  it.each(['RS256', 'ES256'] as const)(
    'verifies the signature of the IdP’s %s ID token against its JWKS and signs in',
    async (alg) => {
      await startIdp(300, alg);
      const metadata = (await (
        await fetch(`${idp.issuer}/.well-known/openid-configuration`)
      ).json()) as { id_token_signing_alg_values_supported: string[] };
      expect(metadata.id_token_signing_alg_values_supported).toContain(alg);
      const { client } = await signIn();
      const idToken = (JSON.parse(sessionStorage.getItem(userKey())!) as { id_token: string })
        .id_token;
      const header = JSON.parse(Buffer.from(idToken.split('.')[0]!, 'base64url').toString()) as {
        alg: string;
        kid: string;
      };
      expect(header).toMatchObject({ alg, kid: expect.any(String) });
      expect(client.getSnapshot().status).toBe('authenticated');
    },
  );

  it('refreshes a stale token once for 50 concurrent callers, who all get the same token', async () => {
    await startIdp();
    const { client } = await signIn({ refreshBeforeExpirySeconds: 600 }); // 300 s tokens are stale
    idp.resetCounters();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getAccessToken()));
    expect(idp.counters().tokenRequests.refresh_token).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toBe(client.peekAccessToken());
  });

  it('refreshes once for 20 callers that saw the same rejected token', async () => {
    await startIdp();
    const { client } = await signIn();
    idp.resetCounters();
    const rejectedToken = client.peekAccessToken()!;
    await Promise.all(
      Array.from({ length: 20 }, () => client.getAccessToken({ forceRefresh: { rejectedToken } })),
    );
    await client.getAccessToken({ forceRefresh: { rejectedToken } });
    expect(idp.counters().tokenRequests.refresh_token).toBe(1);
    expect(idp.counters().tokenErrors).toEqual({});
  });

  it('refreshes an access token that had expired when the page loaded', async () => {
    await startIdp(2);
    await signIn({ refreshBeforeExpirySeconds: 0 });
    const expiredAt = JSON.parse(sessionStorage.getItem(userKey())!).expires_at as number;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, expiredAt * 1000 - Date.now()) + 50),
    );
    idp.resetCounters();
    const { client } = makeClient({ refreshBeforeExpirySeconds: 0 }); // a new page load
    await client.initialize();
    expect(idp.counters().tokenRequests.refresh_token).toBe(1);
    expect(client.getSnapshot().status).toBe('authenticated');
    expect(client.getSnapshot().user!.accessTokenExpiresAt).toBeGreaterThan(Date.now());
  });

  it('ends the session with login_required when the IdP revoked the grant (invalid_grant)', async () => {
    await startIdp();
    const { client } = await signIn();
    await idp.revokeUserTokens('usr_jane_doe');
    const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'login_required', oauthError: 'invalid_grant' });
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
    expect(sessionStorage.getItem(userKey())).toBeNull();
  });

  it('reports network_error and stays signed in when the IdP is down', async () => {
    await startIdp();
    const { client } = await signIn();
    const before = client.getSnapshot();
    await idp.stop();
    const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect(client.getSnapshot()).toBe(before);
  });

  it('signs out: the refresh token is revoked at the IdP and storage is empty', async () => {
    await startIdp();
    const messages: string[] = [];
    const { client, navigate } = await signIn({
      logger: { debug: (message) => void messages.push(message) },
    });
    const { refresh_token, id_token } = JSON.parse(sessionStorage.getItem(userKey())!);
    await client.signOut();
    expect(idp.counters().revocations).toBeGreaterThanOrEqual(1);
    // oidc-provider's empty 200 (text/plain) is a success, not a failure to log.
    expect(messages).not.toContain('token revocation failed');
    // No token left; only the logout's state, checked when the IdP sends the browser back.
    expect(Object.keys(sessionStorage)).toEqual([
      `sesame.signout:${DASHBOARD_CLIENT_ID}@${idp.issuer}`,
    ]);
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null });
    const [action, form] = navigate.mock.calls.at(-1)!;
    expect(action).toBe(`${idp.issuer}/session/end`);
    expect(form?.get('id_token_hint')).toBe(id_token);
    await expect(
      refreshTokens({ issuer: idp.issuer, refreshToken: refresh_token }),
    ).rejects.toThrow(/invalid_grant/);
  });
});

describe('userinfo at the real IdP (loadUserInfo)', () => {
  beforeEach(() => {
    fetchSpy = vi.spyOn(globalThis, 'fetch');
  });
  afterEach(() => fetchSpy.mockRestore());

  it('is not asked by default: its ID token carries name and email', async () => {
    await startIdp();
    const { client } = await signIn();
    expect(client.getSnapshot().user!.profile).toMatchObject(JANE_CLAIMS);
    expect(await userinfoCalls()).toBe(0);
  });

  it('with loadUserInfo: true, answers for the same sub; an API token is refused there (signed in anyway)', async () => {
    await startIdp();
    const messages: string[] = [];
    const logger = { debug: (message: string) => void messages.push(message) };
    // A token for userinfo only (no API scope, so no resource): read, same sub, claims merged.
    const { client } = await signIn({ loadUserInfo: true, logger, scope: 'openid profile email' });
    expect(await userinfoCalls()).toBe(1);
    expect(messages).not.toContain('userinfo failed');
    expect(client.getSnapshot().user!.profile).toMatchObject(JANE_CLAIMS);
    // A token for the bank API (RFC 8707): oidc-provider refuses it at userinfo; the sign-in goes on.
    sessionStorage.clear();
    const { client: api } = await signIn({ loadUserInfo: true, logger });
    expect(await userinfoCalls()).toBe(2);
    expect(messages).toContain('userinfo failed');
    expect(api.getSnapshot()).toMatchObject({
      status: 'authenticated',
      user: { profile: JANE_CLAIMS },
    });
  });
});
