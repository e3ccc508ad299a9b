// requireAuth / protectedLoader in a data router, with the real session engine and the real IdP.
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { type AuthUser } from '@sesame/core';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { AuthRouteError, protectedLoader, requireAuth } from './index';
import {
  atIdp,
  makeClient,
  renderRouter,
  savedReturnTo,
  signedIn,
  startIdpForEachTest,
  SHARED_TOKENS,
} from './test-support';

let idp: RunningIdp;
startIdpForEachTest((started) => (idp = started));

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

function Balance() {
  return <p>Balance {String(useLoaderData())}</p>;
}

type Client = ReturnType<typeof makeClient>['client'];

/** A protected route whose loader body counts its calls. */
function accountRouter(client: Client, requireScopes: string[] = [], entry = '/accounts/5?tab=1') {
  const body = vi.fn((_args: LoaderFunctionArgs, user: AuthUser) => `${user.sub}:100`);
  const router = createMemoryRouter(
    [
      { path: '/', element: <p>Home</p> },
      {
        path: '/accounts/:id',
        loader: protectedLoader(client, body, { requireScopes }),
        element: <Balance />,
        errorElement: <AuthRouteError />,
      },
    ],
    { initialEntries: [entry] },
  );
  return { body, router };
}

describe('the loader guard', () => {
  it('signed out: the loader body never runs, and one sign-in leaves for the request URL', async () => {
    const { client, navigate } = makeClient(idp);
    const { body, router } = accountRouter(client);
    renderRouter(client, router);
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(body).not.toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe('/accounts/5?tab=1');
    expect(router.state.navigation.state === 'idle' && router.state.initialized).toBe(false);
    expect(screen.queryByText(/Balance/)).toBeNull();
  });

  it('signed in: the body runs once with the user and its data renders', async () => {
    const { client, navigate } = await signedIn(idp);
    const { body, router } = accountRouter(client);
    renderRouter(client, router);
    expect(await screen.findByText('Balance usr_jane_doe:100')).toBeTruthy();
    expect(body).toHaveBeenCalledTimes(1);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('signed in without a required scope: a 403 the route error element shows as "not allowed"; the body never runs', async () => {
    const { client, navigate } = await signedIn(idp, 'ann');
    const { body, router } = accountRouter(client, ['transfers:write']);
    renderRouter(client, router);
    expect((await screen.findByRole('alert')).textContent).toBe(
      "You don't have access to this page.",
    );
    expect(body).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('the last sign-in failed: the AuthError reaches the error element, no redirect; retry makes one', async () => {
    const first = makeClient(idp);
    await first.client.signIn({ returnTo: '/' });
    window.history.replaceState(null, '', await atIdp(first.navigate, 'jane', { deny: true }));
    const { client, navigate } = makeClient(idp);
    await client.handleCallback().catch(() => {});
    const { body, router } = accountRouter(client);
    renderRouter(client, router);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Sign-in was cancelled or refused.',
    );
    await settle();
    expect(body).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe('/accounts/5?tab=1');
  });

  it('a session that ended right after signing in: redirect_loop_prevented reaches the error element, no redirect', async () => {
    const { client, navigate } = await signedIn(idp);
    await idp.revokeUserTokens('usr_jane_doe');
    await client.getAccessToken({ forceRefresh: true }).catch(() => {});
    const { body, router } = accountRouter(client);
    renderRouter(client, router);
    expect((await screen.findByRole('alert')).textContent).toContain(
      "You're not signed in. Sign in again to continue.",
    );
    expect(body).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('after a sign-out in another tab: signed_out_elsewhere reaches the error element, no redirect', async () => {
    const other = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client, navigate } = makeClient(idp, SHARED_TOKENS);
    await client.initialize();
    await other.client.signOut({ redirect: false });
    await waitFor(() => expect(client.getSnapshot().error?.code).toBe('signed_out_elsewhere'));
    const { body, router } = accountRouter(client);
    renderRouter(client, router);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'You signed out in another tab.',
    );
    await settle();
    expect(body).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('requireAuth waits for a sign-in still completing, then resolves the user', async () => {
    const first = makeClient(idp);
    await first.client.signIn({ returnTo: '/' });
    window.history.replaceState(null, '', await atIdp(first.navigate));
    const { client } = makeClient(idp);
    const completing = client.handleCallback();
    const user = await requireAuth(client);
    expect(user.sub).toBe('usr_jane_doe');
    await completing;
  });

  it('requireAuth gives up with the router: an aborted navigation rejects instead of hanging', async () => {
    const { client, navigate } = makeClient(idp);
    const controller = new AbortController();
    const pending = requireAuth(client, {
      request: new Request('http://localhost:3000/accounts/1', { signal: controller.signal }),
    });
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    controller.abort(new Error('navigation superseded'));
    await expect(pending).rejects.toThrow('navigation superseded');
  });
});
