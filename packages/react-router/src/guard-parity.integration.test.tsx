// <ProtectedRoute> and requireAuth give core's one answer (client.signInDecision()) in every failure
// mode: the same number of redirects (counted by the client's `navigate`) and the same error code
// shown or thrown. Each mode is set up twice from an empty browser, once per guard, since a guard
// acts (a redirect leaves a mark that the other would see). Real engine, real local IdP, StrictMode.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, useRouteError, type RouteObject } from 'react-router';
import { idleTimer, isAuthError, type AuthClient, type AuthClientSettings } from '@sesame/core';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { ProtectedRoute, protectedLoader } from './index';
import {
  atIdp,
  makeClient,
  renderRouter,
  resetBrowser,
  signedIn,
  startIdp,
  SHARED_TOKENS,
  type Navigate,
} from './test-support';

let idp: RunningIdp;
let api: Server;
let apiUrl: string;
/** Every client a scenario made, disposed after each run so that none reacts to the next one. */
let made: AuthClient[] = [];

beforeEach(async () => {
  idp = await startIdp();
  // A bank API that refuses every token (401 even after the refresh).
  api = createServer((_request, response) => {
    response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterEach(async () => {
  endRun();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await idp.stop();
});

function endRun() {
  cleanup();
  for (const client of made) client.dispose();
  made = [];
  vi.useRealTimers();
}

/** A client in the failure mode under test; only its `navigate` counts as the guard's redirects. */
type Scenario = () => Promise<{ client: AuthClient; navigate: Navigate }>;

function tracked<T extends { client: AuthClient }>(value: T): T {
  made.push(value.client);
  return value;
}
const client = (extra: Partial<AuthClientSettings> = {}) => tracked(makeClient(idp, extra));
const signedInAs = async (extra: Partial<AuthClientSettings> = {}) =>
  tracked(await signedIn(idp, 'jane', extra));

/** Moves the clock (Date only) past the minute in which core refuses any automatic sign-in. */
function later(ms = 61_000) {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + ms);
}

const SHOWN = 'shown';
function LoaderError() {
  const error = useRouteError();
  return <output data-testid={SHOWN}>{isAuthError(error) ? error.code : String(error)}</output>;
}

function componentRoutes(): RouteObject[] {
  return [
    {
      element: (
        <ProtectedRoute
          fallback={<p>Checking your session…</p>}
          errorElement={({ error }) => <output data-testid={SHOWN}>{error.code}</output>}
        />
      ),
      children: [{ path: '/accounts', element: <p>Accounts</p> }],
    },
  ];
}

function loaderRoutes(guarded: AuthClient): RouteObject[] {
  return [
    {
      path: '/accounts',
      loader: protectedLoader(guarded, () => null),
      hydrateFallbackElement: <p>Checking your session…</p>,
      element: <p>Accounts</p>,
      errorElement: <LoaderError />,
    },
  ];
}

interface Answer {
  redirects: number;
  shown: string | null;
}

/** Runs `scenario` from an empty browser, puts one guard in front of /accounts, and reads its answer. */
async function answerOf(
  scenario: Scenario,
  routes: (guarded: AuthClient) => RouteObject[],
): Promise<Answer> {
  endRun();
  resetBrowser();
  const { client: guarded, navigate } = await scenario();
  navigate.mockClear();
  renderRouter(guarded, createMemoryRouter(routes(guarded), { initialEntries: ['/accounts'] }));
  await waitFor(() =>
    expect(navigate.mock.calls.length > 0 || screen.queryByTestId(SHOWN) !== null).toBe(true),
  );
  // Long enough for a second redirect or an error thrown after leaving to show up.
  await act(() => new Promise((resolve) => setTimeout(resolve, 150)));
  const shown = screen.queryByTestId(SHOWN)?.textContent ?? null;
  return { redirects: navigate.mock.calls.length, shown };
}

/** Both guards, each in front of the same failure mode: they must agree, and agree with `expected`. */
async function expectParity(scenario: Scenario, expected: Answer) {
  const component = await answerOf(scenario, componentRoutes);
  const loader = await answerOf(scenario, loaderRoutes);
  expect({ '<ProtectedRoute>': component, requireAuth: loader }).toEqual({
    '<ProtectedRoute>': expected,
    requireAuth: expected,
  });
}

describe('<ProtectedRoute> and requireAuth give the same answer', () => {
  it('idle timeout: idle_timeout shown, no redirect (no prompt=login trip for the loader either)', async () => {
    const IDLE = { idleTimeoutSeconds: 60, idleTimer };
    await expectParity(
      async () => {
        (await signedInAs(IDLE)).client.dispose(); // the page closes
        later(3600_000);
        const reopened = client(IDLE);
        await reopened.client.initialize();
        expect(reopened.client.getSnapshot().error?.code).toBe('idle_timeout');
        return reopened;
      },
      { redirects: 0, shown: 'idle_timeout' },
    );
  });

  it('signed out in another tab: signed_out_elsewhere shown, no redirect', async () => {
    await expectParity(
      async () => {
        const other = await signedInAs(SHARED_TOKENS);
        const here = client(SHARED_TOKENS);
        await here.client.initialize();
        await other.client.signOut({ redirect: false });
        await waitFor(() =>
          expect(here.client.getSnapshot().error?.code).toBe('signed_out_elsewhere'),
        );
        return here;
      },
      { redirects: 0, shown: 'signed_out_elsewhere' },
    );
  });

  it('session ended (login_required) a while after signing in: one redirect, nothing shown', async () => {
    await expectParity(
      async () => {
        const session = await signedInAs();
        later();
        await idp.revokeUserTokens('usr_jane_doe');
        await session.client.getAccessToken({ forceRefresh: true }).catch(() => {});
        expect(session.client.getSnapshot().error?.code).toBe('login_required');
        return session;
      },
      { redirects: 1, shown: null },
    );
  });

  it('access denied (status error): callback_error shown, no redirect', async () => {
    await expectParity(
      async () => {
        const first = client();
        await first.client.signIn({ returnTo: '/accounts' });
        window.history.replaceState(null, '', await atIdp(first.navigate, 'jane', { deny: true }));
        const back = client(); // the callback page loads
        await back.client.handleCallback().catch(() => {});
        expect(back.client.getSnapshot().status).toBe('error');
        return back;
      },
      { redirects: 0, shown: 'callback_error' },
    );
  });

  it('cooldown (the session died right after signing in): redirect_loop_prevented shown, no redirect', async () => {
    await expectParity(
      async () => {
        const session = await signedInAs();
        await idp.revokeUserTokens('usr_jane_doe');
        await session.client.getAccessToken({ forceRefresh: true }).catch(() => {});
        return session;
      },
      { redirects: 0, shown: 'redirect_loop_prevented' },
    );
  });

  it('back button from the IdP (left-at mark within the cooldown): redirect_loop_prevented shown, no second trip', async () => {
    await expectParity(
      async () => {
        const before = client();
        await before.client.signIn({ returnTo: '/accounts', auto: true });
        expect(before.navigate).toHaveBeenCalledTimes(1);
        return client(); // the page loads again, no callback in the URL
      },
      { redirects: 0, shown: 'redirect_loop_prevented' },
    );
  });

  it('401 storm (unauthorized) a while after signing in: one redirect, not one per request', async () => {
    await expectParity(
      async () => {
        const session = await signedInAs({ apiOrigins: [apiUrl] });
        later();
        await Promise.allSettled(
          Array.from({ length: 20 }, () => session.client.fetch(`${apiUrl}/accounts`)),
        );
        expect(session.client.getSnapshot().error?.code).toBe('unauthorized');
        return session;
      },
      { redirects: 1, shown: null },
    );
  });
});
