// The lowest peer versions Sesame claims, exercised for real: a StrictMode sign-in against the local
// IdP (core + react on React 18 and oidc-client-ts 3.3.0), and the router guard and query binding on
// react-router 7.0.0 and TanStack Query 5.48.0 with the @sesame/testing mock.
import { StrictMode, version as reactVersion } from 'react';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { Version as oidcClientVersion } from 'oidc-client-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider, useAuth } from '@sesame/react';
import { createAuthQueryClient, fetchJson } from '@sesame/react-query';
import { ProtectedRoute } from '@sesame/react-router';
import { atIdp, makeClient, resetBrowser } from '@sesame/test-stack/idp-clients';
import { startIdp } from '@sesame/test-stack/real-idp';
import { MockAuthProvider, bearerOf, createMockAuthClient } from '@sesame/testing';
import reactRouterPackage from 'react-router/package.json' with { type: 'json' };
import reactQueryPackage from '@tanstack/react-query/package.json' with { type: 'json' };

afterEach(cleanup);

it('runs the floor versions, not the workspace’s newest', () => {
  expect(reactVersion).toBe('18.3.1');
  expect(oidcClientVersion).toBe('3.3.0');
  expect(reactRouterPackage.version).toBe('7.0.0');
  expect(reactQueryPackage.version).toBe('5.48.0');
});

describe('core + react on React 18.3 and oidc-client-ts 3.3.0', () => {
  it('signs in once under StrictMode against the real IdP', async () => {
    resetBrowser();
    const idp = await startIdp();
    try {
      const { client, navigate } = makeClient(idp);
      await client.signIn({ returnTo: '/accounts' });
      window.history.replaceState(null, '', await atIdp(navigate));
      function Name() {
        return <p>{useAuth((s) => s.user?.profile.name) ?? 'nobody'}</p>;
      }
      render(
        <StrictMode>
          <AuthProvider client={client}>
            <Name />
          </AuthProvider>
        </StrictMode>,
      );
      expect(await screen.findByText('Jane Doe')).toBeTruthy();
      expect(window.location.pathname).toBe('/accounts');
      // StrictMode mounted the provider twice; the code was still exchanged exactly once.
      expect(idp.counters().tokenRequests.authorization_code).toBe(1);
      client.dispose();
    } finally {
      await idp.stop();
    }
  });
});

describe('react-router 7.0.0 and TanStack Query 5.48.0', () => {
  it('guards a route, fetches with the user’s token, and drops the cache on a user change', async () => {
    const api = vi.fn(async (request: Request) =>
      Response.json({ owner: bearerOf(request)?.sub ?? null }),
    );
    const auth = createMockAuthClient({
      user: { sub: 'jane' },
      apiOrigins: ['https://api.bank.test'],
      fetch: api,
    });
    const queryClient = createAuthQueryClient(auth);
    function Accounts() {
      const { data } = useQuery({
        queryKey: ['accounts'],
        queryFn: () => fetchJson<{ owner: string }>(auth, 'https://api.bank.test/accounts'),
      });
      return <p>{data ? `accounts of ${data.owner}` : 'loading'}</p>;
    }
    const router = createMemoryRouter(
      [{ element: <ProtectedRoute />, children: [{ path: '/accounts', element: <Accounts /> }] }],
      { initialEntries: ['/accounts'] },
    );
    render(
      <StrictMode>
        <MockAuthProvider client={auth}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </MockAuthProvider>
      </StrictMode>,
    );
    expect(await screen.findByText('accounts of jane')).toBeTruthy();
    act(() => auth.signInAs({ sub: 'john' }));
    // The cache is empty the moment the user changes. (A component that does not read the session
    // itself keeps its last DOM until TanStack's next notification: see the report of issue 10.)
    expect(
      queryClient.getQueryCache().findAll({ queryKey: ['accounts'] })[0]?.state.data,
    ).not.toEqual({ owner: 'jane' });
    await waitFor(() => expect(screen.getByText('accounts of john')).toBeTruthy());
    expect(api.mock.calls.map(([request]) => bearerOf(request)?.sub)).toEqual(['jane', 'john']);

    // The session ends (refresh token rejected): the guard starts one sign-in.
    act(() => auth.expireSession());
    await waitFor(() => expect(auth.calls.signIn).toEqual([{ returnTo: '/accounts', auto: true }]));
  });
});
