// Shared set-up for this package's tests: the real local IdP, engine clients with a navigate spy,
// and data routers rendered under StrictMode inside <AuthProvider>.
import { StrictMode } from 'react';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { RouterProvider, useLocation, type createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, vi } from 'vitest';
import {
  createAuthClient,
  crossTabLock,
  type AuthClient,
  type AuthClientSettings,
} from '@sesame/core';
import { AuthProvider } from '@sesame/react';
import { DASHBOARD_CLIENT_ID, DEFAULT_DASHBOARD_SCOPE, start, type RunningIdp } from '@sesame/idp';
import { completeLogin } from '@sesame/idp/testing';

export const APP = 'http://localhost:3000';
export const USERS = {
  jane: { login: 'jane.doe', password: 'sesame' },
  ann: { login: 'ann.viewer', password: 'sesame' },
} as const;

export type Navigate = ReturnType<typeof vi.fn<(url: string) => void>>;

export function startIdp(): Promise<RunningIdp> {
  return start({
    port: 0,
    dashboardRedirectUris: [`${APP}/callback`, `${APP}/app/callback`],
  });
}

export function makeClient(idp: RunningIdp, extra: Partial<AuthClientSettings> = {}) {
  const navigate: Navigate = vi.fn<(url: string) => void>();
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
  user: keyof typeof USERS = 'jane',
  options: { deny?: boolean } = {},
): Promise<string> {
  return completeLogin(navigate.mock.calls.at(-1)![0], USERS[user], options);
}

/** A client with `user` signed in (the engine's own commands, no UI). */
export async function signedIn(
  idp: RunningIdp,
  user: keyof typeof USERS = 'jane',
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

/** Shows the router's location, so tests can read where the router is. */
export function Where() {
  const { pathname, search, hash } = useLocation();
  return <output data-testid="where">{pathname + search + hash}</output>;
}

type Router = ReturnType<typeof createMemoryRouter>;

export function renderRouter(
  client: AuthClient,
  router: Router,
  provider: { skipCallback?: boolean; onSignedIn?: (returnTo: string) => void } = {
    skipCallback: true,
  },
): RenderResult {
  return render(
    <StrictMode>
      <AuthProvider client={client} {...provider}>
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

/** Settings for tabs that share tokens (`local` storage), which need the cross-tab refresh lock. */
export const SHARED_TOKENS = { storage: 'local', crossTabLock } as const;

/**
 * A fresh IdP and empty browser storage for each test of the calling file, stopped after it; the
 * running IdP is handed to `onStarted` (tests keep it in a `let`).
 */
export function startIdpForEachTest(onStarted: (idp: RunningIdp) => void): void {
  let running: RunningIdp | undefined;
  beforeEach(async () => {
    resetBrowser();
    running = await startIdp();
    onStarted(running);
  });
  afterEach(async () => {
    cleanup();
    await running?.stop();
  });
}
