// @sesame/react-router on a react-router 6.30 data router with React 18.3, under StrictMode, with
// the real session engine and the real local IdP: the behaviours an app upgrading from v6 relies on.
import { StrictMode, version as reactVersion, useLayoutEffect } from 'react';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import {
  createMemoryRouter,
  Outlet,
  useLoaderData,
  useParams,
  type LoaderFunctionArgs,
} from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTabLock, type AuthUser } from '@sesame/core';
import { AuthProvider, useAuth } from '@sesame/react';
import {
  AuthCallback,
  AuthRouteError,
  ProtectedRoute,
  protectedLoader,
} from '@sesame/react-router';
import {
  atIdp,
  makeClient,
  resetBrowser,
  savedReturnTo,
  settled,
  signedIn,
} from '@sesame/test-stack/idp-clients';
import { startIdp, type RunningIdp } from '@sesame/test-stack/real-idp';
import { createBrowserRouter, RouterProvider as DomRouterProvider } from 'react-router-dom';
import reactRouterPackage from 'react-router/package.json' with { type: 'json' };
import reactRouterDomPackage from 'react-router-dom/package.json' with { type: 'json' };
import { renderRouter, Where } from './support';

let idp: RunningIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startIdp();
});
afterEach(async () => {
  cleanup();
  await idp.stop();
});

const DEEP_LINK = '/accounts/123?tab=history#recent';
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));
const where = () => screen.getByTestId('where').textContent;

function Account() {
  return <h1>Account {useParams().id}</h1>;
}

function routes(requireScopes: string[] = []) {
  return [
    {
      element: (
        <>
          <Outlet />
          <Where />
        </>
      ),
      children: [
        { path: '/callback', element: <AuthCallback fallback={<p>Completing sign-in…</p>} /> },
        {
          element: (
            <ProtectedRoute
              fallback={<p>Checking your session…</p>}
              requireScopes={requireScopes}
            />
          ),
          children: [{ path: '/accounts/:id', element: <Account /> }],
        },
      ],
    },
  ];
}

// Sesame's hooks read the router's contexts: had its build resolved another copy of react-router
// than this RouterProvider, every test below would throw "outside a <Router>".
it('runs react-router 6.30 and React 18.3, not the workspace’s 7 and 19', () => {
  expect(reactRouterPackage.version).toMatch(/^6\.30\./);
  expect(reactRouterDomPackage.version).toBe(reactRouterPackage.version);
  expect(reactVersion).toBe('18.3.1');
});

describe('<ProtectedRoute> and <AuthCallback> on react-router 6.30', () => {
  it('signed out: one sign-in carrying the full location; <AuthCallback> exchanges once and navigates there', async () => {
    const { client, navigate } = makeClient(idp);
    const signIn = vi.spyOn(client, 'signIn');
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: [DEEP_LINK] }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(signIn).toHaveBeenCalledTimes(1);
    expect(signIn).toHaveBeenCalledWith({ returnTo: DEEP_LINK, auto: true });
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe(DEEP_LINK);
    expect(screen.queryByText(/Account/)).toBeNull();

    // The IdP sends the browser back: a new page load at the callback URL (same sessionStorage).
    const callbackUrl = new URL(await atIdp(navigate));
    cleanup();
    window.history.replaceState(null, '', callbackUrl.href);
    const page = makeClient(idp);
    renderRouter(
      page.client,
      createMemoryRouter(routes(), {
        initialEntries: [callbackUrl.pathname + callbackUrl.search],
      }),
    );
    await act(() => settled(page.client));
    expect(await screen.findByText('Account 123')).toBeTruthy();
    expect(where()).toBe(DEEP_LINK);
    expect(idp.counters().tokenRequests.authorization_code).toBe(1);
    expect(page.navigate).not.toHaveBeenCalled();
  });

  it('react-router-dom 6.30: in a browser router, <AuthCallback> moves the address bar by history only', async () => {
    const { client, navigate } = makeClient(idp);
    await client.signIn({ returnTo: DEEP_LINK });
    window.history.replaceState(null, '', await atIdp(navigate));
    const entries = window.history.length;
    const page = makeClient(idp);
    render(
      <StrictMode>
        <AuthProvider client={page.client} skipCallback>
          <DomRouterProvider router={createBrowserRouter(routes())} />
        </AuthProvider>
      </StrictMode>,
    );
    expect(await screen.findByText('Account 123')).toBeTruthy();
    const { pathname, search, hash } = window.location;
    expect(pathname + search + hash).toBe(DEEP_LINK);
    expect(window.history.length).toBe(entries);
    expect(idp.counters().tokenRequests.authorization_code).toBe(1);
    expect(page.navigate).not.toHaveBeenCalled();
  });

  it('a user without a required scope sees "not allowed", and nothing redirects', async () => {
    const { client, navigate } = await signedIn(idp, 'ann');
    renderRouter(
      client,
      createMemoryRouter(routes(['transfers:write']), { initialEntries: ['/accounts/1'] }),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      "You don't have access to this page.",
    );
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    expect(screen.queryByText(/Account/)).toBeNull();
  });
});

function Balance() {
  return <p>Balance {String(useLoaderData())}</p>;
}

function accountRouter(client: ReturnType<typeof makeClient>['client'], requireScopes: string[]) {
  const body = vi.fn((args: LoaderFunctionArgs, user: AuthUser) => `${user.sub}:${args.params.id}`);
  const router = createMemoryRouter(
    [
      {
        path: '/accounts/:id',
        loader: protectedLoader(client, body, { requireScopes }),
        element: <Balance />,
        errorElement: <AuthRouteError />,
      },
    ],
    { initialEntries: ['/accounts/5?tab=1'] },
  );
  return { body, router };
}

describe('requireAuth in a react-router 6.30 loader', () => {
  it('signed out: the loader body never runs, and one sign-in leaves for the request URL', async () => {
    const { client, navigate } = makeClient(idp);
    const { body, router } = accountRouter(client, []);
    renderRouter(client, router);
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(body).not.toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe('/accounts/5?tab=1');
  });

  it('signed in: the body runs once with the user; without a required scope, the 403 shows "not allowed"', async () => {
    const jane = await signedIn(idp, 'jane');
    const allowed = accountRouter(jane.client, []);
    renderRouter(jane.client, allowed.router);
    expect(await screen.findByText('Balance usr_jane_doe:5')).toBeTruthy();
    expect(allowed.body).toHaveBeenCalledTimes(1);
    cleanup();

    const ann = await signedIn(idp, 'ann');
    const refused = accountRouter(ann.client, ['transfers:write']);
    renderRouter(ann.client, refused.router);
    expect((await screen.findByRole('alert')).textContent).toBe(
      "You don't have access to this page.",
    );
    expect(refused.body).not.toHaveBeenCalled();
    expect(ann.navigate).not.toHaveBeenCalled();
  });
});

describe('loader data after a user switch on react-router 6.30', () => {
  it("never commits the previous user's loader data; the next user's appears after the revalidation", async () => {
    const SHARED = { storage: 'local', crossTabLock } as const;
    const jane = await signedIn(idp, 'jane', SHARED);
    const { client } = makeClient(idp, SHARED);
    const commits: { signedIn: string | null; shown: string }[] = [];
    function Statement() {
      const { owner } = useLoaderData() as { owner: string };
      const sub = useAuth((state) => state.user?.sub ?? null);
      useLayoutEffect(() => {
        commits.push({ signedIn: sub, shown: owner });
      });
      return <p>Statement of {owner}</p>;
    }
    const router = createMemoryRouter(
      [
        {
          element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
          children: [
            {
              path: '/statement',
              loader: protectedLoader(client, async (_args, user) => ({ owner: user.sub })),
              element: <Statement />,
            },
          ],
        },
      ],
      { initialEntries: ['/statement'] },
    );
    renderRouter(client, router);
    expect(await screen.findByText('Statement of usr_jane_doe')).toBeTruthy();

    const ann = await signedIn(idp, 'ann', SHARED);
    expect(await screen.findByText('Statement of usr_ann_viewer')).toBeTruthy();
    await act(() => Promise.resolve());
    expect(commits.some((c) => c.shown === 'usr_jane_doe')).toBe(true);
    expect(commits.filter((c) => c.shown !== c.signedIn)).toEqual([]);
    jane.client.dispose();
    ann.client.dispose();
    client.dispose();
  });
});
