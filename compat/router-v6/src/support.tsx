// The real local IdP and engine clients with a navigate spy, and data routers rendered under
// StrictMode inside <AuthProvider> — all from this package, so react-router resolves to 6.30.
import { StrictMode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { RouterProvider, useLocation, type createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createAuthClient, type AuthClient, type AuthClientSettings } from '@sesame/core';
import { AuthProvider } from '@sesame/react';
import { DASHBOARD_CLIENT_ID, DEFAULT_DASHBOARD_SCOPE, start, type RunningIdp } from '@sesame/idp';
import { completeLogin } from '@sesame/idp/testing';

export const APP = 'http://localhost:3000';
const USERS = {
  jane: { login: 'jane.doe', password: 'sesame' },
  ann: { login: 'ann.viewer', password: 'sesame' },
} as const;

export function startIdp(): Promise<RunningIdp> {
  return start({ port: 0, dashboardRedirectUris: [`${APP}/callback`] });
}

export function makeClient(idp: RunningIdp, extra: Partial<AuthClientSettings> = {}) {
  const navigate = vi.fn<(url: string) => void>();
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

/** Plays the user at the IdP's pages for `authorizeUrl`; returns the callback URL. */
export function atIdp(authorizeUrl: string, user: keyof typeof USERS = 'jane'): Promise<string> {
  return completeLogin(authorizeUrl, USERS[user]);
}

/** A client with `user` signed in (the engine's own commands, no UI). */
export async function signedIn(
  idp: RunningIdp,
  user: keyof typeof USERS = 'jane',
  extra: Partial<AuthClientSettings> = {},
) {
  const made = makeClient(idp, extra);
  await made.client.signIn({ returnTo: '/' });
  window.history.replaceState(null, '', await atIdp(made.navigate.mock.calls[0]![0], user));
  await made.client.handleCallback();
  window.history.replaceState(null, '', `${APP}/`);
  made.navigate.mockClear();
  return made;
}

/** Resolves once `client` is no longer `loading` (a callback's token exchange is over). */
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

/** Shows the router's location, so tests can read where the router is. */
export function Where() {
  const { pathname, search, hash } = useLocation();
  return <output data-testid="where">{pathname + search + hash}</output>;
}

export function renderRouter(
  client: AuthClient,
  router: ReturnType<typeof createMemoryRouter>,
): RenderResult {
  return render(
    <StrictMode>
      <AuthProvider client={client} skipCallback>
        <RouterProvider router={router} />
      </AuthProvider>
    </StrictMode>,
  );
}

export function resetBrowser() {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
}
