import { isAuthError, type AuthClient, type AuthError } from '@sesame/core';
import {
  notifyManager,
  type Mutation,
  type MutationObserver,
  type Query,
  type QueryClient,
} from '@tanstack/react-query';
import { authRetry, authRetryDelay } from './retry';

/** What the binding reads from the auth client (a mock that has these works too). */
export type AuthSource = Pick<AuthClient, 'getSnapshot' | 'subscribe' | 'onUserChanged'>;

/** Options of {@link bindQueryClient}. */
export interface BindOptions {
  /**
   * Called once when the session ends with `login_required` or `unauthorized` (a refresh token was
   * rejected, or the API refused a refreshed token), or a query or mutation fails with one of them,
   * then not again until someone is signed in. An explicit sign-out is not reported. The auth state is already `unauthenticated`
   * with that error, so an app whose route guard redirects on it needs nothing here; an app without
   * one can call `auth.signIn()` from this. Never called in a loop.
   */
  onLoginRequired?: (error: AuthError) => void;
}

// Any query, whatever its data type: a gate written for all queries must fit every useQuery's `enabled`.
/** Any TanStack `Query`, whatever its data type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyQuery = Query<any, any, any, any>;

// The query failed because no access token could be had (the IdP unreachable, say), not at the API.
const lackedToken = (error: unknown) => isAuthError(error) && error.step === 'refresh';

/** Whether a query waits for a signed-in user: every query does, unless it has `meta: { auth: false }`. */
export const needsAuth = (query: AnyQuery): boolean => query.meta?.auth !== false;

/**
 * An `enabled` for a query that sets its own condition: true only while someone is signed in (or the
 * query has `meta: { auth: false }`) and `enabled` (a boolean or TanStack's function form) allows it.
 * Queries without their own `enabled` get this gate by default.
 */
export function whenSignedIn(
  auth: Pick<AuthClient, 'getSnapshot'>,
  enabled: boolean | ((query: AnyQuery) => boolean) = true,
): (query: AnyQuery) => boolean {
  return (query) =>
    (!needsAuth(query) || auth.getSnapshot().status === 'authenticated') &&
    (typeof enabled === 'function' ? enabled(query) : enabled);
}

/**
 * Wires a `QueryClient` you built to the auth client, from now on (not in a React effect, so the cache is
 * clean before React renders the next user):
 * - queries wait for a signed-in user (default `enabled`, see {@link whenSignedIn}) and run as soon as
 *   someone is;
 * - when the user changes or signs out, every query loses its data (observed queries are reset, the
 *   rest removed, in-flight fetches cancelled) and every mutation is removed, before any component can
 *   render the previous user's data;
 * - `retry`/`retryDelay` default to {@link authRetry}/{@link authRetryDelay} unless already set;
 * - a `login_required`/`unauthorized` failure is reported once to `options.onLoginRequired`;
 * - a new access token (a refresh) refetches the observed queries that failed for want of one (an
 *   `AuthError` with `step: 'refresh'`, such as `network_error` while the IdP was unreachable), so
 *   they recover by themselves when the IdP answers again.
 *
 * Returns a function that undoes all of it.
 */
export function bindQueryClient(
  queryClient: QueryClient,
  auth: AuthSource,
  options: BindOptions = {},
): () => void {
  const queryCache = queryClient.getQueryCache();
  const mutationCache = queryClient.getMutationCache();
  const isSignedIn = () => auth.getSnapshot().status === 'authenticated';
  const defaults = queryClient.getDefaultOptions();
  const queries = defaults.queries ?? {};
  queryClient.setDefaultOptions({
    ...defaults,
    queries: {
      ...queries,
      enabled: whenSignedIn(auth, queries.enabled),
      retry: queries.retry ?? authRetry,
      retryDelay: queries.retryDelay ?? authRetryDelay,
    },
  });

  let reported = false;
  const report = (error: unknown) => {
    if (!reported && (isAuthError(error, 'login_required') || isAuthError(error, 'unauthorized'))) {
      reported = true;
      options.onLoginRequired?.(error);
    }
  };

  // useMutation keeps its last result in its observer, out of the cache's reach: track them to reset them.
  const mutationObservers = new Map<Mutation, Set<MutationObserver>>();
  const unsubscribeMutations = mutationCache.subscribe((event) => {
    const { mutation } = event;
    if (!mutation) return;
    if (event.type === 'observerAdded') {
      const observers = mutationObservers.get(mutation) ?? new Set();
      mutationObservers.set(mutation, observers.add(event.observer));
    } else if (event.type === 'observerRemoved') {
      mutationObservers.get(mutation)?.delete(event.observer);
    } else if (event.type === 'removed') {
      mutationObservers.delete(mutation);
    } else if (event.type === 'updated' && event.action.type === 'error') {
      report(event.action.error);
    }
  });
  const unsubscribeQueries = queryCache.subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') report(event.action.error);
  });

  let userChanged = false;
  const unsubscribeUser = auth.onUserChanged(() => {
    userChanged = true;
    notifyManager.batch(() => {
      for (const query of queryCache.getAll()) {
        // A query with observers stays (its components keep listening to it) but loses its data.
        if (query.getObserversCount()) query.reset();
        else queryCache.remove(query);
      }
      for (const observers of [...mutationObservers.values()]) {
        for (const observer of [...observers]) observer.reset();
      }
      mutationCache.clear();
    });
    // Data that needs nobody signed in comes back at once.
    void queryClient.refetchQueries({ type: 'active', predicate: (q) => !needsAuth(q) });
  });

  let wasSignedIn = isSignedIn();
  const unsubscribeAuth = auth.subscribe(() => {
    const { status, error } = auth.getSnapshot();
    const signedIn = status === 'authenticated';
    if (signedIn) reported = false;
    // The query whose request ended the session was just wiped with the rest, so its error never
    // reaches the cache: the session's own error is the report.
    else if (error) report(error);
    if (signedIn) {
      // Someone new signed in: all their data loads. A new token for the same user (after the IdP
      // was unreachable, say): what failed for want of a token loads again, without a click.
      const everything = !wasSignedIn || userChanged;
      userChanged = false;
      void queryClient.refetchQueries({
        type: 'active',
        predicate: (query) => needsAuth(query) && (everything || lackedToken(query.state.error)),
      });
    }
    wasSignedIn = signedIn;
  });

  return () => {
    unsubscribeAuth();
    unsubscribeUser();
    unsubscribeQueries();
    unsubscribeMutations();
    queryClient.setDefaultOptions(defaults);
  };
}
