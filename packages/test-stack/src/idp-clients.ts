// Engine clients of the dashboard app with a navigate spy, signed in through the real IdP's own pages
// (start it with `startIdp` from ./real-idp). Shared by the React bindings' integration tests.
import { vi } from 'vitest';
import { createAuthClient, type AuthClient, type AuthClientSettings } from '@sesame/core';
import {
  APP,
  completeLogin,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  USERS,
  type DemoUserName,
  type RunningIdp,
} from './real-idp';

export type Navigate = ReturnType<typeof vi.fn<NonNullable<AuthClientSettings['navigate']>>>;

export function makeClient(idp: RunningIdp, extra: Partial<AuthClientSettings> = {}) {
  const navigate: Navigate = vi.fn<NonNullable<AuthClientSettings['navigate']>>();
  const client = createAuthClient({
    authority: idp.issuer,
    client_id: DASHBOARD_CLIENT_ID,
    redirect_uri: `${APP}/callback`,
    scope: DEFAULT_DASHBOARD_SCOPE,
    navigate,
    autoRenew: false,
    ...extra,
  });
  return { client, navigate };
}

/** The `returnTo` saved with the sign-in that `authorizeUrl` started (read from sessionStorage). */
export function savedReturnTo(authorizeUrl: string): string {
  const state = new URL(authorizeUrl).searchParams.get('state');
  const raw = sessionStorage.getItem(`sesame.state:${DASHBOARD_CLIENT_ID}:${state}`);
  return (JSON.parse(raw!) as { data: { returnTo: string } }).data.returnTo;
}

/** Plays the user at the IdP's pages for the last sign-in `navigate` saw; returns the callback URL. */
export async function atIdp(
  navigate: Navigate,
  user: DemoUserName = 'jane',
  options: { deny?: boolean } = {},
): Promise<string> {
  return completeLogin(navigate.mock.calls.at(-1)![0], USERS[user], options);
}

/** A client with `user` signed in (the engine's own commands, no UI). */
export async function signedIn(
  idp: RunningIdp,
  user: DemoUserName = 'jane',
  extra: Partial<AuthClientSettings> = {},
) {
  const made = makeClient(idp, extra);
  await made.client.signIn({ returnTo: '/' });
  window.history.replaceState(null, '', await atIdp(made.navigate, user));
  await made.client.handleCallback();
  window.history.replaceState(null, '', `${APP}/`);
  made.navigate.mockClear();
  return made;
}

/**
 * Resolves once `client` has settled (not `loading`): after a callback page load, the token exchange
 * and the ID token checks are over, however long a loaded machine takes for them.
 */
export function settled(client: AuthClient): Promise<void> {
  return new Promise((resolve) => {
    const done = () => client.getSnapshot().status !== 'loading';
    if (done()) return resolve();
    const stop = client.subscribe(() => {
      if (!done()) return;
      stop();
      resolve();
    });
  });
}

/** Empty Web Storage and the address bar at {@link APP}. */
export function resetBrowser() {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
}
