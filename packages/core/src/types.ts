import type { IdTokenClaims } from 'oidc-client-ts';
import type { ResolvedBffSettings } from './bff-settings';
import type { AuthError } from './errors';
import type { ResolvedSettings } from './settings';
import type { InspectListener } from './inspect-event';
import type { SessionTimeouts } from './timeouts';

export type { IdTokenClaims };

/** The signed-in user as the app sees it. Tokens are not here: ask {@link AuthClient.getAccessToken}. */
export interface AuthUser<C extends IdTokenClaims = IdTokenClaims> {
  /** The user's subject identifier at the IdP (the ID token's `sub`). */
  readonly sub: string;
  /** ID-token claims. The object keeps its identity across refreshes unless a claim other than exp/iat changed. */
  readonly profile: C;
  /** Scopes granted with the access token (the token response's `scope`). */
  readonly scopes: readonly string[];
  /** Access-token expiry, epoch milliseconds (`Infinity` when the IdP did not say). */
  readonly accessTokenExpiresAt: number;
}

/**
 * The session as one immutable value; a new object only when something changed.
 * - `loading`: the stored session is being read, or a sign-in response is being processed.
 * - `authenticated`: a user is signed in.
 * - `unauthenticated`: nobody is signed in. `error` is set when a session ended
 *   (`login_required`: the refresh token was rejected or missing; `session_lost`: the same, found
 *   as the IdP came back after an outage; `idle_timeout`;
 *   `signed_out_elsewhere`: another tab signed out), or when a `prompt: 'none'` sign-in
 *   found no session at the IdP. Starting a sign-in from here is fine.
 * - `error`: the last sign-in attempt failed (IdP error, state mismatch, rejected ID token...).
 *   Show the error and let the user retry; do not redirect automatically, or a broken IdP causes a loop.
 */
export type AuthState<C extends IdTokenClaims = IdTokenClaims> =
  | { readonly status: 'loading'; readonly user: null; readonly error: null }
  | { readonly status: 'authenticated'; readonly user: AuthUser<C>; readonly error: null }
  | { readonly status: 'unauthenticated'; readonly user: null; readonly error: AuthError | null }
  | { readonly status: 'error'; readonly user: null; readonly error: AuthError };

/** `loading`, `authenticated`, `unauthenticated` or `error`; see {@link AuthState}. */
export type AuthStatus = AuthState['status'];

/** Options of {@link AuthClient.signIn}. */
export interface SignInOptions {
  /** Same-origin path to come back to. Default: the current path, query and hash. */
  returnTo?: string;
  /** The OpenID Connect `prompt`: `login` forces re-authentication, `none` signs in only if the IdP session lives. */
  prompt?: 'login' | 'none' | 'consent' | 'select_account';
  /** Sent as `login_hint`: pre-fills the user name at the IdP. */
  loginHint?: string;
  /**
   * `true` when no user action started this sign-in (a route guard, a loader): it follows
   * {@link AuthClient.signInDecision}. `'go'` leaves; `'wait'` does nothing; an error the state
   * already shows (the last sign-in failed, `idle_timeout`, `signed_out_elsewhere`) does nothing
   * either; a refusal (`redirect_loop_prevented`, within a minute of this tab's last completed
   * sign-in or trip to the IdP) rejects and becomes the `error` state. Default `false`: a sign-in
   * the user asked for is always allowed.
   */
  auto?: boolean;
  /**
   * With the `apis` setting: scopes to ask for besides the configured ones, for a step-up after an
   * API answered 403 `insufficient_scope` (see `missingScopes`). Ignored without it.
   */
  scopes?: string[];
}

/**
 * The answer to "start an automatic sign-in?" (`decideAutoSignIn`): `'go'`; `'wait'` (a sign-in
 * redirect or a sign-out is already under way: do nothing); or the {@link AuthError} to show instead.
 */
export type AutoSignInDecision = 'go' | 'wait' | AuthError;

/** Options of {@link AuthClient.signOut}. */
export interface SignOutOptions {
  /** Go to the IdP's end-session endpoint afterwards (RP-initiated logout). Default true. */
  redirect?: boolean;
}

/** Options of {@link AuthClient.getAccessToken}. */
export interface GetAccessTokenOptions {
  /**
   * `true`: refresh even when the token looks fresh, and even while backing off after network
   * failures (a deliberate "try now"). `{ rejectedToken }`: refresh unless the current token already
   * differs from the one an API rejected (so 20 callers that saw the same 401 cause one refresh).
   */
  forceRefresh?: boolean | { rejectedToken: string };
  /**
   * With the `apis` setting: the API whose token to get (a name given to `apis({...})`); default the
   * first API's. Rejects `api_unknown` for a name not listed, or when there is no `apis` setting. BFF
   * mode rejects `bff_no_token` whatever the name.
   */
  api?: string | undefined;
}

/**
 * `fetch`'s init plus `auth`: `'auto'` (default) attaches the access token only when the request's origin
 * is exactly one of `apiOrigins`; `'required'` rejects `token_origin_not_allowed` for any other origin,
 * before any request; `'none'` never attaches it.
 */
export interface AuthRequestInit extends RequestInit {
  /** Whether to attach the access token; see above. Default `'auto'`. */
  auth?: 'auto' | 'required' | 'none';
}

/**
 * The session engine. Create one per app with {@link createAuthClient} (browser mode) or
 * `createBffClient` from `@sesame/core/bff` (BFF mode: tokens stay on a server). Both implement this
 * interface, so `@sesame/react` and the router and query bindings never know which one they hold.
 * Methods are bound: destructure freely.
 */
export interface AuthClient<C extends IdTokenClaims = IdTokenClaims> {
  /**
   * The checked settings with defaults applied: browser mode's {@link ResolvedSettings}, or BFF
   * mode's `ResolvedBffSettings` (which has `baseUrl`). The type each factory returns
   * ({@link BrowserAuthClient}, `BffAuthClient`) says which.
   */
  readonly settings: ResolvedSettings | ResolvedBffSettings;
  /** The current session state; the same object until something changes (for `useSyncExternalStore`). */
  getSnapshot(): AuthState<C>;
  /** Calls `listener` after every change of the snapshot (and of the access token). Returns unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Loads the stored session (refreshing an expired access token) and starts background renewal. Idempotent. */
  initialize(): Promise<void>;
  /**
   * Leaves the page for the IdP's sign-in (code + PKCE, fresh state and nonce). Concurrent calls share
   * one attempt. A failure (or a refused `auto` sign-in) also becomes the `error` state when nobody is signed in.
   */
  signIn(options?: SignInOptions): Promise<void>;
  /**
   * What an automatic sign-in would do now: the answer of `decideAutoSignIn` over the current state
   * and this tab's sign-in memory. Guards render and throw from it (an {@link AuthError} is what to
   * show) and leave the acting to `signIn({ auto: true })`, so they all give the same answer.
   */
  signInDecision(): AutoSignInDecision;
  /** True when `url` (default: the current URL) is an authorization response for this client. */
  isCallbackUrl(url?: string): boolean;
  /** Completes a sign-in from the authorization response in `url` (default: the current URL); once per URL. */
  handleCallback(url?: string): Promise<{ returnTo: string }>;
  /**
   * Signs out here at once, revokes the tokens at the IdP (best effort: tried once, a refusal is only
   * logged), then (by default) RP-initiated logout with a `state` checked when the browser comes back.
   * Rejects `sign_out_failed` (retryable) only when the IdP cannot be reached at all; the user is
   * signed out here even then.
   */
  signOut(options?: SignOutOptions): Promise<void>;
  /**
   * A fresh access token, refreshing when needed; one refresh at a time for all callers. After a
   * refresh failed with a `network_error` (no answer, 5xx, 429), no new token request is made for a
   * while (2 s, 4 s, … up to 30 s, ±20 %): callers meanwhile get that error at once (`step: 'refresh'`,
   * `retryable`), the background renewal retries when the wait ends, and so does the `online` event.
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /**
   * `fetch` that carries the access token to the API origins only. A 401 refreshes the token (one refresh
   * shared by all callers) and retries once; a second 401 ends the session (`unauthorized`). A 403 with
   * `error="insufficient_scope"` rejects `insufficient_scope`. Token-bearing requests do not follow
   * redirects unless `redirect` is set. An answer arriving after the signed-in user changed rejects
   * `user_changed`. Other responses resolve as with `fetch`; no response rejects
   * `network_error`; an abort rejects with the signal's reason.
   */
  fetch(input: RequestInfo | URL, init?: AuthRequestInit): Promise<Response>;
  /**
   * The stored access token (API `api`'s with the `apis` setting; `null` while none is held),
   * possibly stale, for display and debugging. Requests use getAccessToken().
   */
  peekAccessToken(api?: string): string | null;
  /** Called when the signed-in subject changes (`null` = nobody), before subscribers see the new snapshot. */
  onUserChanged(listener: (previousSub: string | null, nextSub: string | null) => void): () => void;
  /** Called after every successful refresh. */
  onTokenRefreshed(listener: (user: AuthUser<C>) => void): () => void;
  /**
   * The idle countdown and the session's end, kept apart from `getSnapshot()` so that the countdown's
   * ticks re-render only what reads them. See {@link SessionTimeouts}.
   */
  getTimeouts(): SessionTimeouts;
  /** Calls `listener` after every change of `getTimeouts()`. Returns unsubscribe. */
  subscribeTimeouts(listener: () => void): () => void;
  /**
   * Counts as activity for the idle timeout in every tab, even while the warning shows: call it from
   * "Stay signed in", or during long work without input (an upload). A no-op without `idleTimeoutSeconds`.
   */
  reportActivity(): void;
  /** Stops timers and listeners (tests, hot reload). initialize() starts them again. */
  dispose(): void;
  /**
   * Calls `listener` with each decision the client makes ({@link InspectEvent}: refreshes and why,
   * tokens sent or not, 401 retries, sign-in attempts, tab messages), the same events `debug: true`
   * logs. No event holds a token, code or cookie. Returns unsubscribe. For tools such as
   * `@sesame/devtools`; with no listener it costs nothing.
   */
  inspect(listener: InspectListener): () => void;
}

/** A browser-mode client (`createAuthClient`): an {@link AuthClient} whose settings are {@link ResolvedSettings}. */
export type BrowserAuthClient<C extends IdTokenClaims = IdTokenClaims> = AuthClient<C> & {
  readonly settings: ResolvedSettings;
};
