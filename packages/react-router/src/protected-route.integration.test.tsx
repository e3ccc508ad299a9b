// <ProtectedRoute> and <AuthCallback> under StrictMode with a memory router and the real session
// engine against the real local IdP (apps/idp) on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { idleTimer } from '@sesame/core';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { AuthCallback, ProtectedRoute, type ProtectedRouteProps } from './index';
import {
  Account,
  APP,
  atIdp,
  makeClient,
  renderRouter,
  resetBrowser,
  savedReturnTo,
  settled,
  showingWhere,
  signedIn,
  startIdp,
  SHARED_TOKENS,
} from './test-support';

let idp: RunningIdp;
let idpRunning = false;

beforeEach(async () => {
  resetBrowser();
  idp = await startIdp();
  idpRunning = true;
});
afterEach(async () => {
  cleanup();
  if (idpRunning) await idp.stop();
});

function routes(guard: Omit<ProtectedRouteProps, 'children'> = {}) {
  return [
    showingWhere([
      { path: '/', element: <p>Home</p> },
      { path: '/callback', element: <AuthCallback fallback={<p>Completing sign-in…</p>} /> },
      {
        element: <ProtectedRoute fallback={<p>Checking your session…</p>} {...guard} />,
        children: [{ path: '/accounts/:id', element: <Account /> }],
      },
    ]),
  ];
}

const DEEP_LINK = '/accounts/123?tab=history#recent';
const where = () => screen.getByTestId('where').textContent;

/** Lets every pending promise and effect run, so "still exactly one" means something. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('<ProtectedRoute> with the real IdP', () => {
  it('signed out: exactly one sign-in (one signIn call under StrictMode) carrying the full location, then lands there', async () => {
    const { client, navigate } = makeClient(idp);
    const signIn = vi.spyOn(client, 'signIn');
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: [DEEP_LINK] }));
    expect(screen.getByText('Checking your session…')).toBeTruthy();
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(signIn).toHaveBeenCalledTimes(1);
    expect(signIn).toHaveBeenCalledWith({ returnTo: DEEP_LINK, auto: true });
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe(DEEP_LINK);
    expect(screen.queryByText(/Account/)).toBeNull();

    // The IdP sends the browser back: a new page load at the callback URL (same sessionStorage).
    const callbackUrl = await atIdp(navigate);
    cleanup();
    window.history.replaceState(null, '', callbackUrl);
    const page = makeClient(idp);
    const callback = new URL(callbackUrl);
    renderRouter(
      page.client,
      createMemoryRouter(routes(), { initialEntries: [callback.pathname + callback.search] }),
    );
    await act(() => settled(page.client));
    expect(await screen.findByText('Account 123')).toBeTruthy();
    expect(where()).toBe(DEEP_LINK);
    expect(idp.counters().tokenRequests.authorization_code).toBe(1);
    expect(page.navigate).not.toHaveBeenCalled();
  });

  it('keeps the basename in returnTo and strips it when coming back', async () => {
    const { client, navigate } = makeClient(idp, { redirect_uri: `${APP}/app/callback` });
    const entry = `/app${DEEP_LINK}`;
    renderRouter(
      client,
      createMemoryRouter(routes(), { basename: '/app', initialEntries: [entry] }),
    );
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe(entry);
    const callbackUrl = new URL(await atIdp(navigate));
    cleanup();
    window.history.replaceState(null, '', callbackUrl.href);
    const page = makeClient(idp, { redirect_uri: `${APP}/app/callback` });
    renderRouter(
      page.client,
      createMemoryRouter(routes(), {
        basename: '/app',
        initialEntries: [callbackUrl.pathname + callbackUrl.search],
      }),
    );
    await act(() => settled(page.client));
    expect(await screen.findByText('Account 123')).toBeTruthy();
    expect(where()).toBe(DEEP_LINK); // the router's own location has no basename
  });

  it('a user without a required scope (ann.viewer, transfers:write) sees "not allowed", and nothing redirects', async () => {
    const { client, navigate } = await signedIn(idp, 'ann');
    expect(client.getSnapshot().user?.scopes).not.toContain('transfers:write');
    renderRouter(
      client,
      createMemoryRouter(routes({ requireScopes: ['transfers:write'] }), {
        initialEntries: ['/accounts/1'],
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      "You don't have access to this page.",
    );
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    expect(screen.queryByText(/Account/)).toBeNull();
  });

  it('a require() predicate over the claims decides too, without a redirect either way', async () => {
    const rule = {
      requireScopes: ['accounts:read'],
      require: (user: { profile: { email?: string } }) =>
        user.profile.email === 'jane.doe@example.com',
      forbidden: <p>Only Jane</p>,
    };
    const jane = await signedIn(idp, 'jane');
    renderRouter(
      jane.client,
      createMemoryRouter(routes(rule), { initialEntries: ['/accounts/1'] }),
    );
    expect(await screen.findByText('Account 1')).toBeTruthy();
    cleanup();
    sessionStorage.clear();
    const ann = await signedIn(idp, 'ann');
    renderRouter(ann.client, createMemoryRouter(routes(rule), { initialEntries: ['/accounts/1'] }));
    expect(await screen.findByText('Only Jane')).toBeTruthy();
    await settle();
    expect(jane.navigate).not.toHaveBeenCalled();
    expect(ann.navigate).not.toHaveBeenCalled();
  });

  it('after access_denied: the error element, zero redirects on a protected route; retry makes exactly one', async () => {
    const first = makeClient(idp);
    await first.client.signIn({ returnTo: '/accounts/7' });
    const callbackUrl = new URL(await atIdp(first.navigate, 'jane', { deny: true }));
    window.history.replaceState(null, '', callbackUrl.href);
    const { client, navigate } = makeClient(idp); // the page load at the callback
    const router = createMemoryRouter(routes(), {
      initialEntries: [callbackUrl.pathname + callbackUrl.search],
    });
    renderRouter(client, router);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Sign-in was cancelled or refused.',
    );
    await act(() => router.navigate('/accounts/7'));
    expect(screen.getByRole('alert').textContent).toContain('Sign-in was cancelled or refused.');
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await settle();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(savedReturnTo(navigate.mock.calls[0]![0])).toBe('/accounts/7');
  });

  it('the IdP down: the error element and zero redirects', async () => {
    await idp.stop();
    idpRunning = false;
    const { client, navigate } = makeClient(idp);
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: ['/accounts/1'] }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      "The sign-in service can't be reached right now.",
    );
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    expect(client.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'network_error' },
    });
  });

  it('the session ends right after a successful sign-in: the loop-prevented error, not a second redirect', async () => {
    const { client, navigate } = makeClient(idp);
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: ['/accounts/9'] }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    const callbackUrl = new URL(await atIdp(navigate));
    cleanup();
    window.history.replaceState(null, '', callbackUrl.href);
    const page = makeClient(idp);
    renderRouter(
      page.client,
      createMemoryRouter(routes(), { initialEntries: [callbackUrl.pathname + callbackUrl.search] }),
    );
    await act(() => settled(page.client));
    expect(await screen.findByText('Account 9')).toBeTruthy();
    // Every token of the user is revoked at once, and the next token request finds out.
    await idp.revokeUserTokens('usr_jane_doe');
    await act(() => page.client.getAccessToken({ forceRefresh: true }).catch(() => {}));
    expect((await screen.findByRole('alert')).textContent).toContain(
      "You're not signed in. Sign in again to continue.",
    );
    expect(page.client.getSnapshot().error?.code).toBe('redirect_loop_prevented');
    await settle();
    expect(page.navigate).not.toHaveBeenCalled();
    // The user may still ask: one redirect.
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(page.navigate).toHaveBeenCalledTimes(1));
  });

  it('signing out from a protected page leaves for the logout page only, never for a new sign-in', async () => {
    const { client, navigate } = await signedIn(idp);
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: ['/accounts/1'] }));
    expect(await screen.findByText('Account 1')).toBeTruthy();
    await act(() => client.signOut());
    await settle();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(new URL(navigate.mock.calls[0]![0]).pathname).toMatch(/session\/end|logout/);
  });

  it('back from the IdP through the back/forward cache: the error element, not a second trip', async () => {
    const { client, navigate } = makeClient(idp);
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: ['/accounts/1'] }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(screen.getByText('Checking your session…')).toBeTruthy();
    // The user pressed back on the IdP's page; the browser restores this page as it was.
    act(() => {
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      "You're not signed in. Sign in again to continue.",
    );
    await settle();
    expect(navigate).toHaveBeenCalledTimes(1);
  });
});

describe('<ProtectedRoute> after an idle sign-out', () => {
  afterEach(() => vi.useRealTimers());

  it('says why and waits for the user instead of redirecting', async () => {
    await signedIn(idp);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client, navigate } = makeClient(idp, { idleTimeoutSeconds: 60, idleTimer }); // a reload
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: ['/accounts/1'] }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByText('Account 1')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(61_000));
    expect(client.getSnapshot().error?.code).toBe('idle_timeout');
    expect(screen.getByRole('alert').textContent).toContain(
      'You were signed out after a period of inactivity.',
    );
    expect(navigate).not.toHaveBeenCalled();
    vi.useRealTimers();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(new URL(navigate.mock.calls[0]![0]).searchParams.get('prompt')).toBe('login');
  });
});

describe('<ProtectedRoute> after a sign-out in another tab', () => {
  it('says so and waits for the user: no automatic sign-in while the other tab leaves for the logout', async () => {
    const other = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client, navigate } = makeClient(idp, SHARED_TOKENS); // this tab, sharing tokens
    renderRouter(client, createMemoryRouter(routes(), { initialEntries: ['/accounts/1'] }));
    expect(await screen.findByText('Account 1')).toBeTruthy();

    await act(() => other.client.signOut({ redirect: false }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'You signed out in another tab.',
    );
    expect(screen.queryByText('Account 1')).toBeNull();
    expect(client.getSnapshot().error?.code).toBe('signed_out_elsewhere');
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });
});
