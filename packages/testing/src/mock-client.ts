import {
  AuthError,
  decideAutoSignIn,
  type AuthClient,
  type AuthClientSettings,
  type AuthErrorCode,
  type AuthRequestInit,
  type AuthState,
  type AuthStatus,
  type AuthUser,
  type GetAccessTokenOptions,
  type IdTokenClaims,
  type ResolvedSettings,
  type SessionTimeouts,
  type SignInOptions,
  type SignOutOptions,
} from '@sesame/core';
import { mustRefresh } from '@sesame/core/internals';
import { createMockFetch } from './mock-fetch';
import { mockAccessToken } from './mock-token';
import { MOCK_CLIENT_ID, MOCK_ISSUER, toProfile, type MockUserInput } from './mock-user';

/** How the mock starts. Everything is optional: `createMockAuthClient()` is a signed-out app. */
export interface MockAuthOptions<C extends IdTokenClaims = IdTokenClaims> {
  /** The signed-in user (`sub` plus claims). Default: nobody. */
  user?: MockUserInput<C> | null;
  /** Default `authenticated` when `user` is given, else `unauthenticated`. */
  status?: AuthStatus;
  /** The error of an `unauthenticated` or `error` start (a code or an AuthError). Default for `error`: `callback_error`. */
  error?: AuthError | AuthErrorCode | null;
  /** Scopes granted with the access token. Default `['openid', 'profile', 'email']`. */
  scopes?: readonly string[];
  /** Origins that get the mock bearer token from `fetch`. Default none. */
  apiOrigins?: string[];
  /** Lifetime of each mock access token. Default 300 s. */
  accessTokenLifetimeSeconds?: number;
  /**
   * Who the app becomes when it calls `signIn()`. Default: nobody (the call is only recorded, like a
   * redirect). An `auto` sign-in follows core's `decideAutoSignIn` (see `signInDecision()`): within
   * 60 s (by `now`) of the last sign-in started or completed it is refused (status `error`, code
   * `redirect_loop_prevented`); after `endSession()` (`signed_out_elsewhere`) or a failed sign-in it
   * does nothing.
   */
  signInAs?: MockUserInput<C>;
  /** The clock (epoch ms); pass a fake timer's clock to test expiry. Default `Date.now`. */
  now?: () => number;
  /** What `fetch` sends each `Request` with (a stub). Default: `globalThis.fetch` at call time, which MSW patches. */
  fetch?: (request: Request) => Promise<Response>;
  /** Overrides for `client.settings`, for components that read them. */
  settings?: Partial<AuthClientSettings>;
}

/** Every command the app called, with its arguments, in order. */
export interface MockAuthCalls {
  /** The options of each `signIn()` call (refused automatic ones included). */
  signIn: SignInOptions[];
  /** The options of each `signOut()` call. */
  signOut: SignOutOptions[];
  /** The options of each `getAccessToken()` call, `fetch`'s own included. */
  getAccessToken: GetAccessTokenOptions[];
  /** The URL of each `handleCallback()` call. */
  handleCallback: string[];
  /** How many times `initialize()` was called. */
  initialize: number;
  /** How many times `reportActivity()` was called. */
  reportActivity: number;
  /** Requests `fetch` handed to the transport (a 401 and its retry are two entries). */
  requests: Request[];
}

/**
 * A real `AuthClient` (from `@sesame/core`) with no identity provider behind it: pass it to `<AuthProvider client>`
 * and every Sesame hook and guard works unchanged. Tests move it between states with the helpers.
 */
export interface MockAuthClient<C extends IdTokenClaims = IdTokenClaims> extends AuthClient<C> {
  /**
   * Core's `client.fetch` rules over the `fetch` option's transport: the mock token only for an exact
   * `apiOrigins` match; 401 → one shared refresh → one retry; a second 401 ends the session; an
   * answer arriving after the signed-in user changed rejects `user_changed`.
   */
  fetch(input: RequestInfo | URL, init?: AuthRequestInit): Promise<Response>;
  /** What the app called so far. */
  readonly calls: MockAuthCalls;
  /** Empties {@link calls}. */
  resetCalls(): void;
  /** Signs `user` in (another `sub` counts as a user change). Generation 1 of their token. */
  signInAs(user: MockUserInput<C>, options?: { scopes?: readonly string[] }): void;
  /**
   * As after the user signed out in another tab: `unauthenticated` with a `signed_out_elsewhere` error;
   * automatic sign-ins (`auto: true`) then stay put, as in core.
   */
  endSession(): void;
  /** The refresh token was rejected: `unauthenticated` with a `login_required` error. */
  expireSession(): void;
  /** A successful refresh: the next token generation, a new expiry, `onTokenRefreshed` listeners run. */
  refreshToken(): string;
  /** The last sign-in attempt failed: status `error` with this code (default `callback_error`). */
  failSignIn(code?: AuthErrorCode, oauthError?: string): void;
  /** Makes `getAccessToken` (and so `fetch`) reject with this code until called with `null`. */
  failTokenRequests(code: AuthErrorCode | null): void;
  /** Back to `loading`, as while a stored session is read. */
  setLoading(): void;
  /** Sets what `getTimeouts()` returns (the idle warning and countdown, the session's end) and notifies. */
  setTimeouts(timeouts: Partial<SessionTimeouts>): void;
}

const DEFAULT_SCOPES = ['openid', 'profile', 'email'] as const;

function toError(error: AuthError | AuthErrorCode, step: 'callback' | 'refresh'): AuthError {
  return typeof error === 'string' ? new AuthError(error, `Mock ${error}.`, { step }) : error;
}

/**
 * Creates a mock session engine. Typed claims: `createMockAuthClient<BankClaims>({ user: { sub: 'jane',
 * name: 'Jane Doe', customer_id: 'c-1' } })`.
 */
export function createMockAuthClient<C extends IdTokenClaims = IdTokenClaims>(
  options: MockAuthOptions<C> = {},
): MockAuthClient<C> {
  const now = options.now ?? Date.now;
  const lifetimeMs = (options.accessTokenLifetimeSeconds ?? 300) * 1000;
  const settings: ResolvedSettings = {
    authority: MOCK_ISSUER,
    client_id: MOCK_CLIENT_ID,
    redirect_uri: 'http://localhost/callback',
    scope: 'openid profile email',
    apiOrigins: options.apiOrigins ?? [],
    refreshBeforeExpirySeconds: 30,
    storage: 'memory',
    fetchTimeoutMs: 10_000,
    autoRenew: false,
    ...options.settings,
  } as ResolvedSettings;
  const listeners = new Set<() => void>();
  const userListeners = new Set<(prev: string | null, next: string | null) => void>();
  const refreshListeners = new Set<(user: AuthUser<C>) => void>();
  const calls: MockAuthCalls = {
    signIn: [],
    signOut: [],
    getAccessToken: [],
    handleCallback: [],
    initialize: 0,
    reportActivity: 0,
    requests: [],
  };
  const timeoutListeners = new Set<() => void>();
  let timeouts: SessionTimeouts = { idle: null, sessionExpiresAt: null, sessionEndsSoon: false };

  let state: AuthState<C> = { status: 'loading', user: null, error: null };
  let token: string | null = null;
  let generation = 0;
  // The subject last published, undefined while nothing settled (so a first load is not a "change").
  let lastSub: string | null | undefined;
  let tokenFailure: AuthErrorCode | null = null;
  let refreshing: Promise<string> | undefined;
  // The memory core's sign-in policy reads: when the last sign-in started or completed.
  let lastSignInActivity = -Infinity;

  /** Publishes a state the way core does: user-change listeners first, then subscribers. */
  function publish(next: AuthState<C>) {
    if (next.status !== 'loading') {
      const sub = next.user?.sub ?? null;
      if (lastSub !== undefined && lastSub !== sub) {
        for (const listener of [...userListeners]) listener(lastSub, sub);
      }
      lastSub = sub;
    }
    state = next;
    for (const listener of [...listeners]) listener();
  }

  function becomeSignedOut(error: AuthError | null) {
    token = null;
    publish({ status: 'unauthenticated', user: null, error });
  }

  function signInAs(input: MockUserInput<C>, { scopes }: { scopes?: readonly string[] } = {}) {
    const profile = toProfile<C>(input, now());
    lastSignInActivity = now();
    generation = 1;
    token = mockAccessToken(profile.sub, generation);
    const user: AuthUser<C> = {
      sub: profile.sub,
      profile,
      scopes: [...(scopes ?? options.scopes ?? DEFAULT_SCOPES)],
      accessTokenExpiresAt: now() + lifetimeMs,
    };
    publish({ status: 'authenticated', user, error: null });
  }

  function refreshToken(): string {
    if (state.status !== 'authenticated') {
      throw new Error(`refreshToken() needs a signed-in user; the mock is ${state.status}.`);
    }
    generation += 1;
    token = mockAccessToken(state.user.sub, generation);
    // Same profile and scopes objects, as core keeps them: a name selector does not re-render.
    const user = { ...state.user, accessTokenExpiresAt: now() + lifetimeMs };
    publish({ status: 'authenticated', user, error: null });
    for (const listener of [...refreshListeners]) listener(user);
    return token;
  }

  const fail = (code: AuthErrorCode) =>
    Promise.reject(new AuthError(code, `Mock ${code}.`, { step: 'refresh' }));

  async function getAccessToken(request: GetAccessTokenOptions = {}): Promise<string> {
    calls.getAccessToken.push(request);
    if (tokenFailure) return fail(tokenFailure);
    if (refreshing) return refreshing;
    if (state.status !== 'authenticated' || !token) return fail('login_required');
    // Core's own "refresh now?" (its expiry in epoch seconds, as core keeps it).
    const expiresAt = state.user.accessTokenExpiresAt / 1000;
    const margin = settings.refreshBeforeExpirySeconds;
    if (!mustRefresh(token, expiresAt, margin, now(), request.forceRefresh)) return token;
    // One refresh for every caller waiting at the same time, as in core.
    return (refreshing ??= Promise.resolve()
      .then(refreshToken)
      .finally(() => {
        refreshing = undefined;
      }));
  }

  const start = options.status ?? (options.user ? 'authenticated' : 'unauthenticated');
  if (start === 'authenticated') {
    if (!options.user) throw new TypeError('status "authenticated" needs a user.');
    signInAs(options.user);
  } else if (start === 'unauthenticated') {
    becomeSignedOut(options.error ? toError(options.error, 'refresh') : null);
  } else if (start === 'error') {
    publish({
      status: 'error',
      user: null,
      error: toError(options.error ?? 'callback_error', 'callback'),
    });
  }

  const client: MockAuthClient<C> = {
    settings,
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    initialize: async () => {
      calls.initialize += 1;
    },
    async signIn(request = {}) {
      calls.signIn.push(request);
      if (request.auto) {
        // Core's own answer (signInDecision): stay put, or publish its refusal as core does.
        const decision = client.signInDecision();
        if (decision === 'wait' || decision === state.error) return;
        if (decision !== 'go') return publish({ status: 'error', user: null, error: decision });
      }
      lastSignInActivity = now();
      if (options.signInAs) signInAs(options.signInAs);
    },
    // Core's policy over the mock's memory: its last sign-in (started or completed), nothing under way.
    signInDecision: () =>
      decideAutoSignIn(state, false, now(), lastSignInActivity, -Infinity, false),
    isCallbackUrl: () => false,
    async handleCallback(url = typeof location === 'undefined' ? '' : location.href) {
      calls.handleCallback.push(url);
      return { returnTo: '/' };
    },
    async signOut(request = {}) {
      calls.signOut.push(request);
      becomeSignedOut(null);
    },
    getAccessToken,
    peekAccessToken: () => token,
    onUserChanged(listener) {
      userListeners.add(listener);
      return () => void userListeners.delete(listener);
    },
    onTokenRefreshed(listener) {
      refreshListeners.add(listener);
      return () => void refreshListeners.delete(listener);
    },
    getTimeouts: () => timeouts,
    subscribeTimeouts(listener) {
      timeoutListeners.add(listener);
      return () => void timeoutListeners.delete(listener);
    },
    reportActivity() {
      calls.reportActivity += 1;
    },
    dispose() {},
    // The mock makes no decisions of its own to report (its fetch layer logs nowhere).
    inspect: () => () => {},
    fetch: createMockFetch({
      apiOrigins: settings.apiOrigins,
      getAccessToken,
      currentSub: () => state.user?.sub ?? null,
      endSession(error, rejectedToken) {
        if (token === rejectedToken) becomeSignedOut(error);
      },
      transport: () => options.fetch ?? ((request) => globalThis.fetch(request)),
      sent: calls.requests,
    }),
    calls,
    resetCalls() {
      calls.signIn.length = 0;
      calls.signOut.length = 0;
      calls.getAccessToken.length = 0;
      calls.handleCallback.length = 0;
      calls.requests.length = 0;
      calls.initialize = 0;
      calls.reportActivity = 0;
    },
    signInAs,
    endSession: () =>
      becomeSignedOut(
        new AuthError('signed_out_elsewhere', 'Signed out in another tab of this app.', {
          step: 'sign_out',
        }),
      ),
    expireSession: () =>
      becomeSignedOut(
        new AuthError('login_required', 'The session has ended; sign in again.', {
          step: 'refresh',
          oauthError: 'invalid_grant',
        }),
      ),
    refreshToken,
    failSignIn(code = 'callback_error', oauthError) {
      token = null;
      const error = new AuthError(code, `Mock sign-in failure: ${code}.`, {
        step: 'callback',
        ...(oauthError !== undefined && { oauthError }),
      });
      publish({ status: 'error', user: null, error });
    },
    failTokenRequests(code) {
      tokenFailure = code;
    },
    setLoading() {
      token = null;
      publish({ status: 'loading', user: null, error: null });
    },
    setTimeouts(next) {
      timeouts = { ...timeouts, ...next };
      for (const listener of [...timeoutListeners]) listener();
    },
  };
  return client;
}
