// Shared set-up for this package's tests: data routers rendered under StrictMode inside <AuthProvider>,
// over engine clients signed in through the real local IdP (started by @sesame/test-stack).
import { StrictMode } from 'react';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import {
  Outlet,
  RouterProvider,
  useLocation,
  useParams,
  type createMemoryRouter,
  type RouteObject,
} from 'react-router';
import { afterEach, beforeEach } from 'vitest';
import { crossTabLock, type AuthClient } from '@sesame/core';
import { AuthProvider } from '@sesame/react';
import { resetBrowser } from '@sesame/test-stack/idp-clients';
import { startIdp, type RunningIdp } from '@sesame/test-stack/real-idp';

export {
  atIdp,
  makeClient,
  resetBrowser,
  savedReturnTo,
  settled,
  signedIn,
  type Navigate,
} from '@sesame/test-stack/idp-clients';
export { APP, startIdp, USERS } from '@sesame/test-stack/real-idp';

/** Shows the router's location, so tests can read where the router is. */
export function Where() {
  const { pathname, search, hash } = useLocation();
  return <output data-testid="where">{pathname + search + hash}</output>;
}

/** The guarded page of these tests: "Account <id>". */
export function Account() {
  return <h1>Account {useParams().id}</h1>;
}

/** A layout route around `children` that shows {@link Where} below the matched route. */
export function showingWhere(children: RouteObject[]): RouteObject {
  return {
    element: (
      <>
        <Outlet />
        <Where />
      </>
    ),
    children,
  };
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
