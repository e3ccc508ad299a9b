// @sesame/react-query under StrictMode against the real IdP and bank API on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import {
  QueryClientProvider,
  useMutation,
  useQueries,
  useQuery,
  type QueryClient,
} from '@tanstack/react-query';
import { createAuthClient, type AuthClient, type AuthError } from '@sesame/core';
import { AuthProvider, useAuthClient } from '@sesame/react';
import { APP, startRealStack, type RealStack } from '@sesame/test-stack/real-stack';
import { createAuthQueryClient, fetchJson } from './index';

interface Account {
  id: string;
  iban: string;
}
let stack: RealStack;
// Sign-in and data travel over real HTTP; on a shared 2-core machine that can take over the default 1 s.
configure({ asyncUtilTimeout: 10_000 });
const apiCalls = (path: string) => stack.api.requestLog.filter((entry) => entry.path === path);

beforeEach(async () => {
  sessionStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
  stack = await startRealStack({ createAuthClient });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await stack.stop();
});

function Tree({
  client,
  qc,
  children,
}: {
  client: AuthClient;
  qc: QueryClient;
  children: ReactNode;
}) {
  return (
    <StrictMode>
      <AuthProvider client={client} onSignedIn={() => {}}>
        <QueryClientProvider client={qc}>{children}</QueryClientProvider>
      </AuthProvider>
    </StrictMode>
  );
}

/** Renders the customer's name and IBANs; `probe` sees every render with the user signed in at that moment. */
function Accounts({ probe }: { probe?: (sub: string | undefined, text: string) => void }) {
  const auth = useAuthClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => fetchJson<{ name: string }>(auth, `${stack.api.url}/me`, { signal }),
  });
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: ({ signal }) =>
      fetchJson<{ items: Account[] }>(auth, `${stack.api.url}/accounts`, { signal }),
  });
  const text = [me.data?.name, ...(accounts.data?.items.map((a) => a.iban) ?? [])].join(' ');
  probe?.(auth.getSnapshot().user?.sub, text);
  return <p data-testid="accounts">{text}</p>;
}

describe('@sesame/react-query with the real IdP and bank API', () => {
  it('a query mounted while signing in sends nothing until authenticated, then exactly one request', async () => {
    const { client, navigate } = stack.makeClient();
    const qc = createAuthQueryClient(client);
    await client.signIn();
    const { completeLogin } = await import('@sesame/test-stack/real-idp');
    const callback = await completeLogin(navigate.mock.calls.at(-1)![0] as string, {
      login: 'jane.doe',
      password: 'sesame',
    });
    window.history.replaceState(null, '', callback);
    const statusAtRequest: string[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (String(input).startsWith(stack.api.url))
        statusAtRequest.push(client.getSnapshot().status);
      return realFetch(input, init);
    });
    render(
      <Tree client={client} qc={qc}>
        <Accounts />
      </Tree>,
    );
    expect(client.getSnapshot().status).toBe('loading');
    await waitFor(() => expect(screen.getByTestId('accounts').textContent).toMatch(/Jane Doe DE/));
    expect(apiCalls('/accounts')).toHaveLength(1);
    expect(apiCalls('/me')).toHaveLength(1);
    expect(statusAtRequest).toEqual(['authenticated', 'authenticated']);
  });

  it("signing in as another user never renders the first user's cached data", async () => {
    const { client, navigate } = await stack.signedIn('jane');
    const qc = createAuthQueryClient(client);
    const renders: { sub: string | undefined; text: string }[] = [];
    render(
      <Tree client={client} qc={qc}>
        <Accounts probe={(sub, text) => renders.push({ sub, text })} />
      </Tree>,
    );
    await waitFor(() => expect(screen.getByTestId('accounts').textContent).toMatch(/Jane Doe DE/));
    const janeIbans = screen.getByTestId('accounts').textContent!.split(' ').slice(2);
    expect(janeIbans.length).toBeGreaterThan(0);

    await act(() => stack.signIn(client, navigate, 'john'));
    await waitFor(() =>
      expect(screen.getByTestId('accounts').textContent).toMatch(/John Smith DE/),
    );
    const afterSwitch = renders.filter((r) => r.sub !== 'usr_jane_doe');
    expect(afterSwitch.length).toBeGreaterThan(0);
    for (const { text } of afterSwitch) {
      expect(text).not.toContain('Jane');
      for (const iban of janeIbans) expect(text).not.toContain(iban);
    }
    expect(apiCalls('/accounts').map((e) => e.sub)).toEqual(['usr_jane_doe', 'usr_john_smith']);
  });

  it('sign-out leaves no data in the query cache and no mutation', async () => {
    const { client } = await stack.signedIn('jane');
    const qc = createAuthQueryClient(client);
    function Transfer() {
      const auth = useAuthClient();
      const transfer = useMutation({
        mutationFn: () =>
          fetchJson<{ id: string }>(auth, `${stack.api.url}/transfers`, {
            method: 'POST',
            headers: { 'idempotency-key': crypto.randomUUID() },
            json: {
              fromAccountId: 'acc_jane_checking',
              toAccountId: 'acc_jane_savings',
              amount: '5.00',
              currency: 'EUR',
            },
          }),
      });
      return (
        <button onClick={() => transfer.mutate()}>
          {transfer.data ? `receipt ${transfer.data.id}` : 'send'}
        </button>
      );
    }
    render(
      <Tree client={client} qc={qc}>
        <Accounts />
        <Transfer />
      </Tree>,
    );
    await waitFor(() => expect(screen.getByTestId('accounts').textContent).toMatch(/Jane Doe DE/));
    act(() => screen.getByRole('button').click());
    await waitFor(() => expect(screen.getByRole('button').textContent).toMatch(/^receipt /));

    await act(() => client.signOut({ redirect: false }));
    expect(
      qc
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.data !== undefined),
    ).toEqual([]);
    expect(qc.getMutationCache().getAll()).toEqual([]);
    expect(screen.getByTestId('accounts').textContent).toBe('');
    expect(screen.getByRole('button').textContent).toBe('send');
    cleanup();
    await act(() => client.signOut({ redirect: false })); // no observers left: nothing stays
    qc.getQueryCache()
      .getAll()
      .forEach((q) => expect(q.getObserversCount()).toBe(0));
  });

  it('20 queries hitting 401 together → one refresh at the IdP and 20 successful retries', async () => {
    const { client } = await stack.signedIn('jane');
    const qc = createAuthQueryClient(client);
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 20 });
    stack.answerTogether(20);
    function Twenty() {
      const auth = useAuthClient();
      const results = useQueries({
        queries: Array.from({ length: 20 }, (_, i) => ({
          queryKey: ['account', i],
          queryFn: () => fetchJson(auth, `${stack.api.url}/accounts/acc_jane_checking`),
        })),
      });
      return <p data-testid="done">{results.filter((r) => r.isSuccess).length}</p>;
    }
    render(
      <Tree client={client} qc={qc}>
        <Twenty />
      </Tree>,
    );
    await waitFor(() => expect(screen.getByTestId('done').textContent).toBe('20'));
    expect(stack.refreshes()).toBe(1);
    const statuses = apiCalls('/accounts/acc_jane_checking').map((e) => e.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
  });

  it('401 twice → one refresh, no third request, unauthenticated, reported once', async () => {
    const { client } = await stack.signedIn('jane');
    const onLoginRequired = vi.fn<(error: AuthError) => void>();
    const qc = createAuthQueryClient(client, { onLoginRequired });
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectNextValidTokens: 2 });
    await qc
      .fetchQuery({
        queryKey: ['accounts'],
        queryFn: () => fetchJson(client, `${stack.api.url}/accounts`),
      })
      .catch(() => {});
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'unauthorized' },
    });
    expect(onLoginRequired).toHaveBeenCalledTimes(1);
    expect(onLoginRequired.mock.calls[0]![0]).toBe(client.getSnapshot().error);
    expect(stack.refreshes()).toBe(1);
    expect(apiCalls('/accounts').map((e) => e.status)).toEqual([401, 401]);
    // The query failed once and nothing is scheduled: no retry, no refetch while signed out.
    const query = qc.getQueryCache().find({ queryKey: ['accounts'] });
    expect(query === undefined || query.state.fetchStatus === 'idle').toBe(true);
  });

  it('a 403 (ann.viewer posting a transfer) fails the mutation once, with no refresh', async () => {
    const { client } = await stack.signedIn('ann');
    const qc = createAuthQueryClient(client);
    stack.idp.resetCounters();
    const mutation = qc.getMutationCache().build(qc, {
      mutationFn: () =>
        fetchJson(client, `${stack.api.url}/transfers`, {
          method: 'POST',
          headers: { 'idempotency-key': crypto.randomUUID() },
          json: {
            fromAccountId: 'acc_ann_checking',
            toAccountId: 'acc_ann_savings',
            amount: '1.00',
            currency: 'EUR',
          },
        }),
    });
    const error = await mutation.execute(undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'insufficient_scope',
      challenge: { scope: 'transfers:write' },
    });
    expect(mutation.state.failureCount).toBe(1);
    expect(stack.refreshes()).toBe(0);
    expect(apiCalls('/transfers')).toHaveLength(1);
    expect(client.getSnapshot().status).toBe('authenticated');
  });

  it("a transfer in flight at sign-out never writes its answer into the next user's cache", async () => {
    const { client, navigate } = await stack.signedIn('jane');
    const qc = createAuthQueryClient(client);
    // The bank answers the transfer, but the answer is held until the user has changed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sent = false;
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (String(input).endsWith('/transfers')) {
        sent = true;
        await held;
      }
      return response;
    });
    const onSuccess = vi.fn((receipt: unknown) => qc.setQueryData(['last-receipt'], receipt));
    const mutation = qc.getMutationCache().build(qc, {
      mutationFn: () =>
        fetchJson(client, `${stack.api.url}/transfers`, {
          method: 'POST',
          headers: { 'idempotency-key': crypto.randomUUID() },
          json: {
            fromAccountId: 'acc_jane_checking',
            toAccountId: 'acc_jane_savings',
            amount: '2.00',
            currency: 'EUR',
          },
        }),
      onSuccess,
    });
    const settled = mutation.execute(undefined).catch((e: unknown) => e);
    await vi.waitFor(() => expect(sent).toBe(true), { timeout: 10_000 });
    await client.signOut({ redirect: false });
    await stack.signIn(client, navigate, 'john');
    release();
    expect(await settled).toMatchObject({ code: 'user_changed' });
    expect(apiCalls('/transfers')).toMatchObject([{ status: 201, sub: 'usr_jane_doe' }]);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(qc.getQueryData(['last-receipt'])).toBeUndefined();
  });
});
