// <AuthCallback> and its cooperation with <AuthProvider>, with the real engine and the real IdP.
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { createBrowserRouter, createMemoryRouter } from 'react-router';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { AuthCallback, ProtectedRoute } from './index';
import { APP, atIdp, makeClient, renderRouter, Where, startIdpForEachTest } from './test-support';

let idp: RunningIdp;
startIdpForEachTest((started) => (idp = started));

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));
const exchanges = () => idp.counters().tokenRequests.authorization_code ?? 0;

const routes = [
  { path: '/', element: <p>Home</p> },
  {
    path: '/callback',
    element: <AuthCallback fallback={<p>Completing sign-in…</p>} />,
  },
  {
    element: <ProtectedRoute />,
    children: [
      {
        path: '/accounts/:id',
        element: (
          <>
            <h1>Account</h1>
            <Where />
          </>
        ),
      },
    ],
  },
];

/** Starts a sign-in for `returnTo`, plays Jane (or a refusal) at the IdP, and puts the callback in the address bar. */
async function arriveAtCallback(returnTo: string, options: { deny?: boolean } = {}) {
  const first = makeClient(idp);
  await first.client.signIn({ returnTo });
  const url = new URL(await atIdp(first.navigate, 'jane', options));
  window.history.replaceState(null, '', url.href);
  return url;
}

describe('<AuthCallback>', () => {
  it('in a browser router: one code exchange, then the address bar moves by history only (no reload, no new entry)', async () => {
    await arriveAtCallback('/accounts/42?tab=history#recent');
    const entries = window.history.length;
    const { client, navigate } = makeClient(idp);
    const assign = vi.fn();
    // jsdom cannot load pages: a reload or assign would leave the URL as it is. Watch for one anyway.
    window.addEventListener('beforeunload', assign);
    renderRouter(client, createBrowserRouter(routes));
    expect(screen.getByText('Completing sign-in…')).toBeTruthy();
    expect(await screen.findByText('Account')).toBeTruthy();
    expect(window.location.href).toBe(`${APP}/accounts/42?tab=history#recent`);
    expect(screen.getByTestId('where').textContent).toBe('/accounts/42?tab=history#recent');
    expect(window.history.length).toBe(entries);
    expect(exchanges()).toBe(1);
    expect(navigate).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
    window.removeEventListener('beforeunload', assign);
  });

  it('onSuccess replaces the navigation', async () => {
    const callback = await arriveAtCallback('/accounts/1');
    const { client } = makeClient(idp);
    const onSuccess = vi.fn();
    renderRouter(
      client,
      createMemoryRouter(
        [{ path: '/callback', element: <AuthCallback onSuccess={onSuccess} /> }, ...routes],
        { initialEntries: [callback.pathname + callback.search] },
      ),
    );
    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith('/accounts/1'));
    await settle();
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it('shows the error element after access_denied (the user refused), and only retry leaves', async () => {
    const callback = await arriveAtCallback('/accounts/1', { deny: true });
    const { client, navigate } = makeClient(idp);
    renderRouter(
      client,
      createMemoryRouter(routes, { initialEntries: [callback.pathname + callback.search] }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Sign-in was cancelled or refused.',
    );
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });

  it.each([
    ['login_required', "Sign-in didn't complete."],
    ['server_error', 'The sign-in service had a problem. Try again in a moment.'],
    ['temporarily_unavailable', 'The sign-in service had a problem. Try again in a moment.'],
  ])(
    'the IdP answers error=%s: the error element, and visiting a protected page makes zero redirects',
    async (error, text) => {
      const callback = await arriveAtCallback('/accounts/1');
      // Keep the real state, swap the answer for the IdP's error.
      const answer = new URL(`${APP}/callback`);
      answer.searchParams.set('error', error);
      answer.searchParams.set('state', callback.searchParams.get('state')!);
      answer.searchParams.set('iss', callback.searchParams.get('iss')!);
      window.history.replaceState(null, '', answer.href);
      const { client, navigate } = makeClient(idp);
      const router = createMemoryRouter(routes, {
        initialEntries: [answer.pathname + answer.search],
      });
      renderRouter(client, router);
      expect((await screen.findByRole('alert')).textContent).toContain(text);
      expect(client.getSnapshot().error).toMatchObject({
        code: 'callback_error',
        oauthError: error,
      });
      await act(() => router.navigate('/accounts/1'));
      await settle();
      expect(screen.getByRole('alert')).toBeTruthy();
      expect(navigate).not.toHaveBeenCalled();
      expect(exchanges()).toBe(0);
    },
  );

  it('a state that matches no sign-in of this tab: callback_state_mismatch, no exchange, no redirect', async () => {
    const callback = await arriveAtCallback('/accounts/1');
    callback.searchParams.set('state', 'forged');
    window.history.replaceState(null, '', callback.href);
    const { client, navigate } = makeClient(idp);
    const router = createMemoryRouter(routes, {
      initialEntries: [callback.pathname + callback.search],
    });
    renderRouter(client, router);
    expect((await screen.findByRole('alert')).textContent).toContain("Sign-in didn't complete.");
    expect(client.getSnapshot().error?.code).toBe('callback_state_mismatch');
    await act(() => router.navigate('/accounts/1'));
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    expect(exchanges()).toBe(0);
  });

  it('a reload of the callback route after success goes home, signed in, without a second exchange', async () => {
    await arriveAtCallback('/accounts/1');
    const { client } = makeClient(idp);
    await client.handleCallback();
    window.history.replaceState(null, '', `${APP}/callback`);
    const reloaded = makeClient(idp);
    const router = createMemoryRouter(routes, { initialEntries: ['/callback'] });
    renderRouter(reloaded.client, router);
    expect(await screen.findByText('Home')).toBeTruthy();
    expect(exchanges()).toBe(1);
    expect(reloaded.navigate).not.toHaveBeenCalled();
  });
});

describe('<AuthProvider> and <AuthCallback> share the work: exactly one completes a sign-in', () => {
  it('provider without skipCallback: the provider exchanges once and calls onSignedIn once; <AuthCallback> only waits', async () => {
    const callback = await arriveAtCallback('/accounts/3');
    const { client } = makeClient(idp);
    const handleCallback = vi.spyOn(client, 'handleCallback');
    const onSignedIn = vi.fn();
    const router = createMemoryRouter(routes, {
      initialEntries: [callback.pathname + callback.search],
    });
    renderRouter(client, router, { onSignedIn });
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith('/accounts/3'));
    await settle();
    expect(onSignedIn).toHaveBeenCalledTimes(1);
    expect(handleCallback).toHaveBeenCalledTimes(1);
    expect(exchanges()).toBe(1);
    expect(router.state.location.pathname).toBe('/callback'); // <AuthCallback> did not navigate
  });

  it('provider with skipCallback: <AuthCallback> exchanges once and navigates once; the provider stays out', async () => {
    const callback = await arriveAtCallback('/accounts/3');
    const { client } = makeClient(idp);
    const handleCallback = vi.spyOn(client, 'handleCallback');
    const onSignedIn = vi.fn();
    const router = createMemoryRouter(routes, {
      initialEntries: [callback.pathname + callback.search],
    });
    const locations: string[] = [];
    router.subscribe((state) => locations.push(state.location.pathname));
    renderRouter(client, router, { skipCallback: true, onSignedIn });
    expect(await screen.findByText('Account')).toBeTruthy();
    await settle();
    expect(handleCallback).toHaveBeenCalledTimes(1);
    expect(exchanges()).toBe(1);
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(locations).toEqual(['/accounts/3']);
  });
});
