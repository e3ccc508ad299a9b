// <AuthProvider> under StrictMode against the real local IdP (apps/idp) on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { Profiler, StrictMode } from 'react';
import type { AuthClient } from '@sesame/core';
import { atIdp, makeClient, resetBrowser, type Navigate } from '@sesame/test-stack/idp-clients';
import { APP, startIdp, type RunningIdp } from '@sesame/test-stack/real-idp';
import { AuthProvider, SignedIn, SignedOut, useAuth } from './index';

let idp: RunningIdp;

beforeEach(async () => {
  resetBrowser();
  idp = await startIdp();
});
afterEach(async () => {
  cleanup();
  await idp.stop();
});

/** Starts a sign-in, plays Jane at the IdP's pages and puts the callback URL in the address bar. */
async function arriveAtCallback(
  client: AuthClient,
  navigate: Navigate,
  options: { returnTo?: string; deny?: boolean } = {},
) {
  await client.signIn(options.returnTo ? { returnTo: options.returnTo } : {});
  const url = await atIdp(navigate, 'jane', { ...(options.deny && { deny: true }) });
  window.history.replaceState(null, '', url);
  navigate.mockClear();
}

function Status() {
  const state = useAuth();
  return (
    <p data-testid="status">
      {state.status}
      {state.user ? ` ${state.user.profile.name}` : ''}
      {state.error ? ` ${state.error.code}` : ''}
    </p>
  );
}

function App({ client, onSignedIn }: { client: AuthClient; onSignedIn?: (to: string) => void }) {
  return (
    <StrictMode>
      <AuthProvider client={client} {...(onSignedIn && { onSignedIn })}>
        <Status />
        <SignedIn>
          <span>accounts</span>
        </SignedIn>
        <SignedOut>
          <span>signed out</span>
        </SignedOut>
      </AuthProvider>
    </StrictMode>
  );
}

describe('<AuthProvider> with the real IdP', () => {
  it('goes loading → authenticated with one code exchange, a clean URL and returnTo restored', async () => {
    const { client, navigate } = makeClient(idp);
    await arriveAtCallback(client, navigate, { returnTo: '/accounts/123?tab=history#top' });
    idp.resetCounters();
    const onSignedIn = vi.fn();
    render(<App client={client} onSignedIn={onSignedIn} />);
    expect(screen.getByTestId('status').textContent).toBe('loading');
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe('authenticated Jane Doe'),
    );
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith('/accounts/123?tab=history#top'));
    expect(onSignedIn).toHaveBeenCalledTimes(1);
    expect(idp.counters().tokenRequests.authorization_code).toBe(1);
    expect(window.location.href).toBe(`${APP}/callback`);
    expect(screen.getByText('accounts')).toBeTruthy();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('ends in error with callback_error after access_denied, and never redirects', async () => {
    const { client, navigate } = makeClient(idp);
    await arriveAtCallback(client, navigate, { deny: true });
    render(<App client={client} />);
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe('error callback_error'),
    );
    expect(client.getSnapshot().error).toMatchObject({ oauthError: 'access_denied' });
    expect(screen.getByText('signed out')).toBeTruthy();
    expect(window.location.search).toBe('');
    expect(navigate).not.toHaveBeenCalled();
    expect(idp.counters().tokenRequests.authorization_code).toBe(0);
  });

  it('ends in error with callback_state_mismatch for a wrong state, and never redirects', async () => {
    const { client, navigate } = makeClient(idp);
    await arriveAtCallback(client, navigate);
    const url = new URL(window.location.href);
    url.searchParams.set('state', 'forged-state');
    window.history.replaceState(null, '', url.href);
    render(<App client={client} />);
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe('error callback_state_mismatch'),
    );
    expect(navigate).not.toHaveBeenCalled();
    expect(window.location.search).toBe('');
    expect(idp.counters().tokenRequests.authorization_code).toBe(0);
  });

  it('does not re-render a name-only component across several real refreshes', async () => {
    const { client, navigate } = makeClient(idp);
    await arriveAtCallback(client, navigate);
    let renders = 0;
    function Name() {
      return <span data-testid="name">{useAuth((s) => s.user?.profile.name)}</span>;
    }
    render(
      <StrictMode>
        <AuthProvider client={client}>
          <Profiler id="name" onRender={() => renders++}>
            <Name />
          </Profiler>
        </AuthProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('Jane Doe'));
    const before = renders;
    idp.resetCounters();
    for (let i = 1; i <= 3; i++) {
      idp.setAccessTokenTtl(300 + i);
      const previous = client.getSnapshot();
      await act(() => client.getAccessToken({ forceRefresh: true }));
      expect(client.getSnapshot()).not.toBe(previous);
    }
    expect(idp.counters().tokenRequests.refresh_token).toBe(3);
    expect(renders).toBe(before);
  });
});
