// BFF mode under StrictMode: <AuthProvider client={createBffClient()}>, useAuth and this package's
// query wiring, unchanged, against a fake BFF (the @sesame/bff HTTP contract) on 127.0.0.1. No token
// in the page: data comes through the BFF's API proxy with the session cookie and the CSRF header.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  act,
  cleanup,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
} from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import {
  QueryClientProvider,
  useMutation,
  useQuery,
  type QueryClient,
} from '@tanstack/react-query';
import { isAuthError, type AuthError } from '@sesame/core';
import type { BffAuthClient } from '@sesame/core/bff';
import { AuthProvider, useAuth, useAuthClient } from '@sesame/react';
import { fakeBffPerTest } from '@sesame/test-stack/fake-bff-page';
import { createAuthQueryClient, fetchJson } from './index';

configure({ asyncUtilTimeout: 5000 });
const APP = 'http://localhost:3000';

const { bff, browser, page } = fakeBffPerTest(APP);
afterEach(() => {
  cleanup();
});
const signedInCookie = () => browser().cookies.set('__Host-sesame', bff().createSession());
const apiCalls = () => bff().requests.filter((r) => r.path.startsWith('/bff/api/'));

function Tree({
  client,
  qc,
  children,
}: {
  client: BffAuthClient;
  qc: QueryClient;
  children: ReactNode;
}) {
  return (
    <StrictMode>
      <AuthProvider client={client}>
        <QueryClientProvider client={qc}>{children}</QueryClientProvider>
      </AuthProvider>
    </StrictMode>
  );
}

function Accounts() {
  const auth = useAuthClient();
  const name = useAuth((state) => state.user?.profile.name);
  const status = useAuth((state) => state.status);
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: ({ signal }) =>
      fetchJson<{ sub: string; path: string }>(auth, '/bff/api/bank/accounts', { signal }),
  });
  return (
    <>
      <p data-testid="status">{status}</p>
      <p data-testid="who">{name ?? 'nobody'}</p>
      <p data-testid="data">{accounts.data ? `${accounts.data.sub} ${accounts.data.path}` : ''}</p>
      <button onClick={() => void auth.signIn({ returnTo: '/accounts' })}>Sign in</button>
      <button onClick={() => void auth.signOut({ redirect: false })}>Sign out</button>
    </>
  );
}

/** A new page showing <Accounts /> with this package's query client (`options` for it). */
function renderAccountsPage(options?: Parameters<typeof createAuthQueryClient>[1]) {
  const made = page();
  const qc = createAuthQueryClient(made.client, options);
  render(
    <Tree client={made.client} qc={qc}>
      <Accounts />
    </Tree>,
  );
  return { ...made, qc };
}

describe('@sesame/react + @sesame/react-query with a BFF-mode client', () => {
  it('signed in at the BFF: useAuth reads the user, the query loads through /bff/api once, with the CSRF header and no token', async () => {
    signedInCookie();
    const { client } = renderAccountsPage();
    expect(screen.getByTestId('status').textContent).toBe('loading');
    await waitFor(() =>
      expect(screen.getByTestId('data').textContent).toBe('usr_jane_doe /accounts'),
    );
    expect(screen.getByTestId('who').textContent).toBe('Jane Doe');
    expect(apiCalls()).toHaveLength(1);
    expect(apiCalls()[0]!.headers).toMatchObject({ 'x-sesame-csrf': '1' });
    expect(apiCalls()[0]!.headers.authorization).toBeUndefined();
    expect(bff().upstreamRequests[0]!.session.sub).toBe('usr_jane_doe');
    expect(client.peekAccessToken()).toBeNull();
  });

  it('signed out: the query waits (no request), the sign-in button leaves for /bff/login', async () => {
    const { navigate } = renderAccountsPage();
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('unauthenticated'));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(apiCalls()).toHaveLength(0);
    fireEvent.click(screen.getByText('Sign in'));
    await waitFor(() => expect(navigate).toHaveBeenCalledOnce());
    expect(navigate.mock.calls[0]![0]).toBe(`${APP}/bff/login?returnTo=%2Faccounts`);
  });

  it("the BFF's 401 login_required: reported once to onLoginRequired, the state is unauthenticated and the cache emptied", async () => {
    signedInCookie();
    const onLoginRequired = vi.fn<(error: AuthError) => void>();
    const { qc } = renderAccountsPage({ onLoginRequired });
    await waitFor(() => expect(screen.getByTestId('data').textContent).not.toBe(''));
    bff().endAllSessions();
    await act(() => qc.refetchQueries({ queryKey: ['accounts'] }));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('unauthenticated'));
    expect(onLoginRequired).toHaveBeenCalledOnce();
    expect(isAuthError(onLoginRequired.mock.calls[0]![0], 'login_required')).toBe(true);
    expect(screen.getByTestId('data').textContent).toBe('');
    expect(qc.getQueryData(['accounts'])).toBeUndefined();
  });

  it('sign-out empties the cache before the next render, and no request follows', async () => {
    signedInCookie();
    renderAccountsPage();
    await waitFor(() => expect(screen.getByTestId('data').textContent).not.toBe(''));
    fireEvent.click(screen.getByText('Sign out'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('unauthenticated'));
    expect(screen.getByTestId('data').textContent).toBe('');
    await waitFor(() => expect(bff().sessions.size).toBe(0));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(apiCalls()).toHaveLength(1);
  });

  it('a mutation refused for a missing scope rejects insufficient_scope and leaves the session', async () => {
    signedInCookie();
    const { client } = page();
    const qc = createAuthQueryClient(client);
    bff().upstream = () => ({
      status: 403,
      headers: { 'www-authenticate': 'DPoP error="insufficient_scope", scope="transfers:write"' },
    });
    let failure: unknown;
    function Transfer() {
      const auth = useAuthClient();
      const transfer = useMutation({
        mutationFn: () =>
          fetchJson(auth, '/bff/api/bank/transfers', { method: 'POST', json: { amount: 5 } }),
        onError: (error) => (failure = error),
      });
      return <button onClick={() => transfer.mutate()}>Transfer</button>;
    }
    render(
      <Tree client={client} qc={qc}>
        <Transfer />
      </Tree>,
    );
    await waitFor(() => expect(client.getSnapshot().status).toBe('authenticated'));
    fireEvent.click(screen.getByText('Transfer'));
    await waitFor(() => expect(failure).toBeDefined());
    expect(failure).toMatchObject({
      code: 'insufficient_scope',
      challenge: { scope: 'transfers:write' },
    });
    expect(client.getSnapshot().status).toBe('authenticated');
    // The POST carried what the BFF's CSRF check wants.
    expect(apiCalls()[0]!.headers).toMatchObject({ 'x-sesame-csrf': '1', origin: APP });
  });
});
