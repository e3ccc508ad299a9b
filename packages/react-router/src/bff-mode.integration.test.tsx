// The route guards with a BFF-mode client (createBffClient), unchanged, under StrictMode against a
// fake BFF (the @sesame/bff HTTP contract) on 127.0.0.1: <ProtectedRoute> and requireAuth read the
// same sign-in policy as in browser mode.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, useLoaderData } from 'react-router';
import { fakeBffPerTest } from '@sesame/test-stack/fake-bff-page';
import { ProtectedRoute, protectedLoader } from './index';
import { Account, renderRouter, showingWhere } from './test-support';

const APP = 'http://localhost:3000';
const DEEP_LINK = '/accounts/123?tab=history#recent';

const { bff, browser, page } = fakeBffPerTest(APP);
afterEach(() => {
  cleanup();
});

const routes = [
  showingWhere([
    { path: '/', element: <p>Home</p> },
    {
      element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
      children: [{ path: '/accounts/:id', element: <Account /> }],
    },
  ]),
];

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('<ProtectedRoute> with a BFF-mode client', () => {
  it('signed out: exactly one sign-in, to {baseUrl}/login, coming back to the full location', async () => {
    const { client, navigate } = page();
    renderRouter(client, createMemoryRouter(routes, { initialEntries: [DEEP_LINK] }));
    expect(screen.getByText('Checking your session…')).toBeTruthy();
    await waitFor(() => expect(navigate).toHaveBeenCalledOnce());
    await settle();
    expect(navigate).toHaveBeenCalledOnce();
    expect(new URL(navigate.mock.calls[0]![0]).searchParams.get('returnTo')).toBe(DEEP_LINK);
    expect(navigate.mock.calls[0]![0]).toMatch(/^http:\/\/localhost:3000\/bff\/login\?/);
  });

  it('signed in at the BFF: renders the route', async () => {
    browser().cookies.set('__Host-sesame', bff().createSession());
    const { client, navigate } = page();
    renderRouter(client, createMemoryRouter(routes, { initialEntries: [DEEP_LINK] }));
    expect(await screen.findByText('Account 123')).toBeTruthy();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('back from a refused sign-in (the BFF error page, then "Back to the app"): shows why, does not leave again', async () => {
    bff().idpError = 'access_denied';
    const first = page();
    await first.client.initialize();
    await first.client.signIn({ returnTo: DEEP_LINK, auto: true });
    await browser().visit(first.navigate.mock.calls[0]![0]);
    await browser().visit('/');

    const { client, navigate } = page();
    renderRouter(client, createMemoryRouter(routes, { initialEntries: [DEEP_LINK] }));
    expect((await screen.findByRole('alert')).textContent).toContain('Sign in again to continue');
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    expect(client.signInDecision()).toMatchObject({ code: 'redirect_loop_prevented' });
  });
});

describe('protectedLoader with a BFF-mode client', () => {
  it('runs the loader for the signed-in user, whose data comes through the BFF', async () => {
    browser().cookies.set('__Host-sesame', bff().createSession());
    const { client } = page();
    function Accounts() {
      return <p>{useLoaderData<string>()}</p>;
    }
    const router = createMemoryRouter(
      [
        {
          path: '/accounts',
          loader: protectedLoader(client, async (_, user) => {
            const response = await client.fetch('/bff/api/bank/accounts');
            const { sub } = (await response.json()) as { sub: string };
            return `${user.sub} sees ${sub}'s accounts`;
          }),
          element: <Accounts />,
          hydrateFallbackElement: <p>Loading…</p>,
        },
      ],
      { initialEntries: ['/accounts'] },
    );
    renderRouter(client, router);
    expect(await screen.findByText("usr_jane_doe sees usr_jane_doe's accounts")).toBeTruthy();
  });
});
