// A bank API that refuses every token (401 even after the refresh: core ends the session with
// `unauthorized`), hit by a storm of requests: <ProtectedRoute> and requireAuth start at most one
// automatic sign-in per navigation, and after the trip to the IdP show the error element instead
// of a second one, as they do after `login_required`. Real engine, real local IdP, StrictMode.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { createMemoryRouter, type RouteObject } from 'react-router';
import type { AuthClient } from '@sesame/core';
import { useAuthClient } from '@sesame/react';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { AuthCallback, AuthRouteError, ProtectedRoute, protectedLoader } from './index';
import {
  atIdp,
  makeClient,
  renderRouter,
  resetBrowser,
  settled,
  signedIn,
  startIdp,
  type Navigate,
} from './test-support';

const STORM = 20;
let idp: RunningIdp;
let api: Server;
let apiUrl: string;
let apiRequests = 0;

beforeEach(async () => {
  resetBrowser();
  idp = await startIdp();
  apiRequests = 0;
  api = createServer((_request, response) => {
    apiRequests += 1;
    response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await idp.stop();
});

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

/** Signed in a while ago: more than the minute in which core refuses any automatic sign-in. */
async function signedInLongAgo() {
  await signedIn(idp, 'jane', { apiOrigins: [apiUrl] });
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + 61_000);
}

/** A page that fires a storm of API requests as soon as it shows. */
function Accounts() {
  const client = useAuthClient();
  useEffect(() => {
    for (let i = 0; i < STORM; i++) client.fetch(`${apiUrl}/accounts`).catch(() => {});
  }, [client]);
  return <h1>Accounts</h1>;
}

function guardedRoutes(): RouteObject[] {
  return [
    { path: '/callback', element: <AuthCallback fallback={<p>Completing sign-in…</p>} /> },
    {
      element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
      children: [{ path: '/accounts', element: <Accounts /> }],
    },
  ];
}

/** The IdP sends the browser back to the callback: a new page load (same sessionStorage). */
async function backFromIdp(navigate: Navigate, routesFor: (client: AuthClient) => RouteObject[]) {
  const callbackUrl = new URL(await atIdp(navigate));
  cleanup();
  window.history.replaceState(null, '', callbackUrl.href);
  const page = makeClient(idp, { apiOrigins: [apiUrl] });
  const router = createMemoryRouter(routesFor(page.client), {
    initialEntries: [callbackUrl.pathname + callbackUrl.search],
  });
  renderRouter(page.client, router);
  await act(() => settled(page.client));
  return { ...page, router };
}

const ended = (client: AuthClient) => client.getSnapshot().error?.code;

describe('<ProtectedRoute> and a 401 storm (unauthorized)', () => {
  it('one automatic sign-in, then the error element on the way back: never a second redirect', async () => {
    await signedInLongAgo();
    const { client, navigate } = makeClient(idp, { apiOrigins: [apiUrl] }); // a reload
    renderRouter(client, createMemoryRouter(guardedRoutes(), { initialEntries: ['/accounts'] }));
    expect(await screen.findByText('Accounts')).toBeTruthy();

    // Every request: 401, one shared refresh, 401 again → unauthorized; the guard leaves once.
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(new URL(navigate.mock.calls[0]![0]).pathname).toBe('/auth');
    expect(idp.counters().tokenRequests.refresh_token).toBe(1);

    // Back from the IdP, signed in; the API still refuses: the error element, no second trip.
    const page = await backFromIdp(navigate, guardedRoutes);
    expect((await screen.findByRole('alert')).textContent).toContain(
      "You're not signed in. Sign in again to continue.",
    );
    expect(ended(page.client)).toBe('redirect_loop_prevented');
    await settle();
    expect(page.navigate).not.toHaveBeenCalled();
    expect(apiRequests).toBeGreaterThanOrEqual(2 * STORM);
  });
});

describe('requireAuth and a 401 storm (unauthorized)', () => {
  function loaderRoutes(client: AuthClient): RouteObject[] {
    return [
      { path: '/callback', element: <AuthCallback fallback={<p>Completing sign-in…</p>} /> },
      {
        path: '/accounts',
        loader: protectedLoader(client, async () => {
          const responses = await Promise.allSettled(
            Array.from({ length: STORM }, () => client.fetch(`${apiUrl}/accounts`)),
          );
          const refused = responses.find((r) => r.status === 'rejected');
          if (refused) throw refused.reason;
          return null;
        }),
        element: <h1>Accounts</h1>,
        errorElement: <AuthRouteError />,
      },
      {
        path: '/cards',
        loader: protectedLoader(client, () => null),
        element: <h1>Cards</h1>,
        errorElement: <AuthRouteError />,
      },
    ];
  }

  it('the storm ends on the error element; the next navigation signs in once; after that, no second redirect', async () => {
    await signedInLongAgo();
    const { client, navigate } = makeClient(idp, { apiOrigins: [apiUrl] });
    const router = createMemoryRouter(loaderRoutes(client), { initialEntries: ['/accounts'] });
    renderRouter(client, router);
    await waitFor(() => expect(ended(client)).toBe('unauthorized'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your session has ended. Sign in again to continue.',
    );
    await settle();
    expect(navigate).not.toHaveBeenCalled();

    // The user goes on to another protected page: one automatic sign-in, not one per request.
    act(() => {
      void router.navigate('/cards');
    });
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(navigate).toHaveBeenCalledTimes(1);

    // Back from the IdP, on the page asked for; the API still refuses every token.
    const page = await backFromIdp(navigate, loaderRoutes);
    expect(await screen.findByText('Cards')).toBeTruthy();
    act(() => {
      void page.router.navigate('/accounts');
    });
    await waitFor(() => expect(ended(page.client)).toBe('unauthorized'));
    // The next protected navigation is refused (the sign-in was a moment ago), not sent to the IdP.
    act(() => {
      void page.router.navigate('/cards');
    });
    await waitFor(() => expect(ended(page.client)).toBe('redirect_loop_prevented'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      "You're not signed in. Sign in again to continue.",
    );
    await settle();
    expect(page.navigate).not.toHaveBeenCalled();
  });
});
