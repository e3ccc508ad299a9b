import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '@sesame/core';
import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import { bindQueryClient } from './bind';
import { createAuthQueryClient } from './create';
import { fakeAuth } from './fake-auth';
import { HttpError } from './http-error';

const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000 });
const clients: QueryClient[] = [];
const make = (auth: ReturnType<typeof fakeAuth>, onLoginRequired?: (e: AuthError) => void) => {
  const client = createAuthQueryClient(auth.source, {
    ...(onLoginRequired && { onLoginRequired }),
    defaultOptions: { queries: { retryDelay: 0 } },
  });
  clients.push(client);
  return client;
};
afterEach(() => clients.splice(0).forEach((client) => client.clear()));

/** An observed query, as a mounted useQuery would be. */
function observe(client: QueryClient, key: string, queryFn: () => Promise<unknown>, meta = {}) {
  const observer = new QueryObserver(client, { queryKey: [key], queryFn, meta });
  const results: unknown[] = [];
  const unsubscribe = observer.subscribe((result) => results.push(result.data));
  return { observer, results, unsubscribe };
}

describe('bindQueryClient', () => {
  it('holds queries until someone is signed in, then runs each once', async () => {
    const auth = fakeAuth();
    const client = make(auth);
    const queryFn = vi.fn(async () => 'data');
    const { observer } = observe(client, 'accounts', queryFn);
    const publicFn = vi.fn(async () => 'rates');
    observe(client, 'rates', publicFn, { auth: false });
    await eventually(() => expect(publicFn).toHaveBeenCalledTimes(1));
    expect(queryFn).not.toHaveBeenCalled();
    auth.signIn('jane');
    await eventually(() => expect(observer.getCurrentResult().data).toBe('data'));
    expect(queryFn).toHaveBeenCalledTimes(1);
  });

  it('on a change of user, observed queries lose their data and the rest is removed before the new user is published', async () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const client = make(auth);
    let who = 'jane';
    const { observer } = observe(client, 'accounts', async () => `${who}'s accounts`);
    await eventually(() => expect(observer.getCurrentResult().data).toBe("jane's accounts"));
    client.setQueryData(['unobserved'], "jane's secret");
    await client
      .getMutationCache()
      .build(client, { mutationFn: async () => 'receipt' })
      .execute(undefined);
    const seenAtPublish: unknown[] = [];
    auth.source.subscribe(() =>
      seenAtPublish.push(observer.getCurrentResult().data, client.getQueryData(['unobserved'])),
    );
    who = 'john';
    auth.signIn('john');
    expect(seenAtPublish.slice(0, 2)).toEqual([undefined, undefined]);
    expect(client.getMutationCache().getAll()).toEqual([]);
    expect(
      client
        .getQueryCache()
        .getAll()
        .map((q) => q.queryKey),
    ).toEqual([['accounts']]);
    await eventually(() => expect(observer.getCurrentResult().data).toBe("john's accounts"));
  });

  it('on sign-out the cache is empty (queries and mutations) and no query runs', async () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const client = make(auth);
    const queryFn = vi.fn(async () => 'data');
    const { unsubscribe } = observe(client, 'accounts', queryFn);
    await eventually(() => expect(queryFn).toHaveBeenCalledTimes(1));
    const mutation = new MutationObserver(client, { mutationFn: async () => 'receipt' });
    await mutation.mutate();
    expect(mutation.getCurrentResult().data).toBe('receipt');
    auth.signOut();
    expect(mutation.getCurrentResult().data).toBeUndefined();
    expect(client.getMutationCache().getAll()).toEqual([]);
    unsubscribe();
    auth.signOut(); // nothing changes, nothing runs
    expect(
      client
        .getQueryCache()
        .getAll()
        .every((q) => q.state.data === undefined),
    ).toBe(true);
    expect(queryFn).toHaveBeenCalledTimes(1);
  });

  it('cancels an in-flight query of the previous user: its answer never lands', async () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const client = make(auth);
    let resolve!: (value: string) => void;
    const { observer } = observe(client, 'accounts', () => new Promise((r) => (resolve = r)));
    await eventually(() => expect(observer.getCurrentResult().fetchStatus).toBe('fetching'));
    auth.signOut();
    resolve("jane's accounts");
    await new Promise((r) => setTimeout(r, 0));
    expect(observer.getCurrentResult().data).toBeUndefined();
    expect(client.getQueryData(['accounts'])).toBeUndefined();
  });

  it('reports login_required / unauthorized once per ended session, never for other errors', async () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const onLoginRequired = vi.fn();
    const client = make(auth, onLoginRequired);
    const ended = auth.loginRequired();
    const failing = (error: unknown) => () => Promise.reject(error);
    await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        client.fetchQuery({ queryKey: [key], queryFn: failing(ended) }).catch(() => {}),
      ),
    );
    await client
      .getMutationCache()
      .build(client, { mutationFn: failing(ended) })
      .execute(undefined)
      .catch(() => {});
    await client
      .fetchQuery({ queryKey: ['x'], queryFn: failing(new HttpError(404, undefined)) })
      .catch(() => {});
    expect(onLoginRequired).toHaveBeenCalledTimes(1);
    expect(onLoginRequired).toHaveBeenCalledWith(ended);
    auth.signOut(ended);
    auth.signIn('jane');
    const unauthorized = new AuthError('unauthorized', 'x', { step: 'request' });
    await client.fetchQuery({ queryKey: ['d'], queryFn: failing(unauthorized) }).catch(() => {});
    expect(onLoginRequired).toHaveBeenCalledTimes(2);
  });

  it('retries network errors and 5xx with backoff, never AuthErrors or 4xx', async () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const client = make(auth);
    const count = async (error: unknown) => {
      const queryFn = vi.fn(() => Promise.reject(error));
      await client.fetchQuery({ queryKey: [Math.random()], queryFn }).catch(() => {});
      return queryFn.mock.calls.length;
    };
    expect(await count(new HttpError(503, undefined))).toBe(4);
    expect(
      await count(new AuthError('network_error', 'x', { step: 'request', retryable: true })),
    ).toBe(4);
    expect(await count(new HttpError(404, undefined))).toBe(1);
    expect(await count(new HttpError(401, undefined))).toBe(1);
    expect(await count(new AuthError('unauthorized', 'x', { step: 'request' }))).toBe(1);
    expect(await count(new AuthError('insufficient_scope', 'x', { step: 'request' }))).toBe(1);
  });

  it('refetches, on a new token, the observed queries that failed for want of one, and only those', async () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const client = make(auth);
    let idpDown = true;
    const noToken = new AuthError('network_error', 'x', { step: 'refresh', retryable: true });
    const accounts = vi.fn(async () => {
      if (idpDown) throw noToken;
      return 'accounts';
    });
    const apiDown = vi.fn(() =>
      Promise.reject(new AuthError('network_error', 'x', { step: 'request', retryable: true })),
    );
    const notFound = vi.fn(() => Promise.reject(new HttpError(404, undefined)));
    const { observer } = observe(client, 'accounts', accounts);
    observe(client, 'cards', apiDown);
    observe(client, 'payee', notFound);
    await eventually(() => expect(observer.getCurrentResult().error).toBe(noToken));
    await eventually(() => expect(apiDown).toHaveBeenCalledTimes(4));
    const calls = [accounts, apiDown, notFound].map((fn) => fn.mock.calls.length);

    idpDown = false;
    auth.signIn('jane'); // the same user with a new token: the IdP answers again
    await eventually(() => expect(observer.getCurrentResult().data).toBe('accounts'));
    expect(accounts).toHaveBeenCalledTimes(calls[0]! + 1);
    // An API that failed or said "not found" is not asked again because the token changed.
    expect(apiDown).toHaveBeenCalledTimes(calls[1]!);
    expect(notFound).toHaveBeenCalledTimes(calls[2]!);
  });

  it('keeps an app-set enabled and retry, and unbinding restores the defaults', async () => {
    const auth = fakeAuth();
    const client = new QueryClient({
      defaultOptions: { queries: { retry: false, enabled: false } },
    });
    clients.push(client);
    const unbind = bindQueryClient(client, auth.source);
    expect(client.getDefaultOptions().queries?.retry).toBe(false);
    auth.signIn('jane');
    const queryFn = vi.fn(async () => 1);
    observe(client, 'k', queryFn);
    await new Promise((r) => setTimeout(r, 10));
    expect(queryFn).not.toHaveBeenCalled(); // app said enabled: false
    unbind();
    expect(client.getDefaultOptions()).toEqual({ queries: { retry: false, enabled: false } });
  });
});

describe('bindQueryClient reporting a session that ended', () => {
  it('reports once when the session ends with login_required, not on an explicit sign-out', () => {
    const auth = fakeAuth();
    auth.signIn('jane');
    const onLoginRequired = vi.fn();
    make(auth, onLoginRequired);
    auth.signOut();
    expect(onLoginRequired).not.toHaveBeenCalled();
    auth.signIn('jane');
    const ended = auth.loginRequired();
    auth.signOut(ended);
    auth.signOut(ended);
    expect(onLoginRequired).toHaveBeenCalledTimes(1);
    expect(onLoginRequired).toHaveBeenCalledWith(ended);
  });
});
