// Signing Jane in, for real, inside the jsdom realm: the library builds the authorize URL, the IdP
// test helper walks its login and consent pages over HTTP (as a browser would), and the library
// handles the callback URL. Import this only after installJsdomRealm().
import { DASHBOARD_CLIENT_ID, DEFAULT_DASHBOARD_SCOPE, start, type RunningIdp } from '@sesame/idp';
import { completeLogin } from '@sesame/idp/testing';
import { createAuthClient, type AuthClient, type AuthClientSettings } from '@sesame/core';
import { OidcClient, UserManager, type UserManagerSettings } from 'oidc-client-ts';

export const APP_ORIGIN = 'http://localhost:3000';
export const CALLBACK = `${APP_ORIGIN}/callback`;
export const JANE = { login: 'jane.doe', password: 'sesame' };

function backHome() {
  window.history.replaceState(null, '', `${APP_ORIGIN}/`);
}

/** The real IdP on a free port for the bench app: 300 s access tokens, its callback and sign-out return URIs. */
export function startBenchIdp(): Promise<RunningIdp> {
  return start({
    port: 0,
    accessTokenTtl: 300,
    dashboardRedirectUris: [CALLBACK],
    dashboardPostLogoutRedirectUris: [`${APP_ORIGIN}/`],
  });
}

/** Token requests the IdP answered with an error of any kind (e.g. invalid_grant) since its counters' reset. */
export const tokenErrorCount = (idp: RunningIdp): number =>
  Object.values(idp.counters().tokenErrors).reduce((sum, count) => sum + count, 0);

/** Forgets every session and pending sign-in the previous run left in Web Storage. */
export function clearBrowserState(): void {
  sessionStorage.clear();
  localStorage.clear();
  backHome();
}

/** A Sesame client with Jane signed in (one code exchange). */
export async function signedInSesame(
  issuer: string,
  extra: Partial<AuthClientSettings> = {},
): Promise<AuthClient> {
  let authorizeUrl = '';
  const client = createAuthClient({
    authority: issuer,
    client_id: DASHBOARD_CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: DEFAULT_DASHBOARD_SCOPE,
    autoRenew: false,
    navigate: (url) => {
      authorizeUrl = url;
    },
    ...extra,
  });
  await client.signIn();
  window.history.replaceState(null, '', await completeLogin(authorizeUrl, JANE));
  await client.handleCallback();
  backHome();
  if (client.getSnapshot().status !== 'authenticated') throw new Error('Sesame sign-in failed');
  return client;
}

export function userManagerSettings(issuer: string): UserManagerSettings {
  return {
    authority: issuer,
    client_id: DASHBOARD_CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: DEFAULT_DASHBOARD_SCOPE,
    automaticSilentRenew: false,
    monitorSession: false,
  };
}

/**
 * A UserManager with Jane's user stored. The authorize URL comes from an OidcClient over the
 * manager's own settings (same state store), because signinRedirect() would navigate the realm;
 * the callback goes through the manager's signinCallback() like an app's callback page.
 */
export async function signedInUserManager(issuer: string): Promise<UserManager> {
  const manager = new UserManager(userManagerSettings(issuer));
  const request = await new OidcClient(userManagerSettings(issuer)).createSigninRequest({
    request_type: 'si:r',
  });
  window.history.replaceState(null, '', await completeLogin(request.url, JANE));
  await manager.signinCallback();
  backHome();
  const user = await manager.getUser();
  if (!user?.refresh_token) throw new Error('oidc-client-ts sign-in gave no refresh token');
  return manager;
}
