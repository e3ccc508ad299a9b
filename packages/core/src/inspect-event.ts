// The types of the decision events that `client.inspect()` delivers (inspect.ts makes them). A leaf
// (types only, importing nothing but error codes) so that types.ts and both clients can use it.
import type { AuthErrorCode } from './errors';

/**
 * Why a refresh ran (`refreshing`, #8): the token was stale, it went stale while the tab slept
 * (`wake`: the tab came back from the background, from the back/forward cache or from sleep
 * moments before), a caller forced it, or an API answered 401. A token another tab refreshed is
 * `refreshed by another tab` (#11) or `session taken from another tab` (#20), not a `refreshing`.
 */
export type RefreshReason = 'stale' | 'wake' | 'forced' | '401';

/**
 * The data each event carries, by event number (the README's Logging table names them). No value
 * is ever a token, an authorization code or a cookie: tokens appear as their expiry only.
 * `expiresAt` is epoch seconds; `at` (on every event) epoch milliseconds.
 */
export interface InspectEventData {
  /** `session loaded`: the first state after `initialize()`. */
  1: { status: 'loading' | 'authenticated' | 'unauthenticated' | 'error' };
  /** `redirecting to sign in`: leaving for the IdP (BFF mode: for the BFF's /login). */
  2: { prompt: string | undefined; auto: boolean };
  /** `automatic sign-in skipped`: the policy's reason (sign-in-policy.ts), or the last error's code. */
  3: { reason: string };
  /** `signed in`. */
  4: undefined;
  /** `sign-in failed`. */
  5: { code: AuthErrorCode; oauthError: string | undefined };
  /** `userinfo failed`: the ID token's claims are used alone. */
  6: undefined;
  /** `token fresh`: a stored access token was handed out without a refresh. */
  7: undefined;
  /**
   * `refreshing`: a token request starts (under the cross-tab lock). Its duration is the time to
   * the `refreshed` (9) or `refresh failed` (10) that follows. `reason` is added by
   * `inspectSession()`: after an API's 401 (16), a stale token (a timer, a page load), a token
   * that went stale while the tab slept (`wake`), or a caller's `forceRefresh`.
   */
  8: { reason?: RefreshReason } | undefined;
  /** `refreshed`: new tokens stored; their access token's expiry. */
  9: { expiresAt: number | undefined };
  /** `refresh failed`. */
  10: { code: AuthErrorCode; oauthError: string | undefined };
  /** `refreshed by another tab`: the refresh lock's previous holder refreshed; its tokens are used. */
  11: undefined;
  /** `refresh result dropped: the session changed meanwhile`. */
  12: undefined;
  /** `background renewal failed`. */
  13: { code: AuthErrorCode };
  /** `clock skew estimated`: the IdP's clock minus this one. */
  14: { seconds: number | undefined };
  /**
   * `not attaching token`: a `client.fetch` to `origin` went out without a token, because no API
   * claims the origin (`auth: 'auto'`) or the caller said `auth: 'none'`.
   */
  15: { origin: string; auth: 'auto' | 'none' };
  /** `refreshing after 401`: an API refused the token; one refresh, then one retry. */
  16: undefined;
  /** `retrying after 401`. */
  17: undefined;
  /** `session ended: API rejected a refreshed token`. */
  18: { origin: string };
  /** `403 insufficient_scope`. */
  19: { scope: string | undefined };
  /** `session taken from another tab` (shared storage). */
  20: undefined;
  /** `signed out in another tab`; `reason` when the tab said it. */
  21: { reason?: string } | undefined;
  /** `signed out for inactivity` (the idle timer ran out). */
  22: undefined;
  /** `signed out locally`. */
  23: undefined;
  /** `token revocation skipped`: the IdP needs client authentication a SPA does not have. */
  24: undefined;
  /** `token revocation failed`. */
  25: undefined;
  /** `back from sign-out`: whether the logout's state matched. */
  26: { stateOk: boolean };
  /** `DPoP key not deleted`. */
  27: undefined;
  /** BFF mode: `session ended at the BFF`. */
  40: undefined;
  /** BFF mode: `session check failed`. */
  41: { code: AuthErrorCode };
  /** BFF mode: `BFF sign-out failed`. */
  42: { code: AuthErrorCode };
  /** BFF mode: `plain request: not the BFF API`. */
  43: { origin: string };
  /** BFF mode: `session from the last check in this tab`. */
  44: undefined;
  /** `sending with a token`: a `client.fetch` to an allow-listed `origin` carries the access token. */
  60: { origin: string };
  /**
   * `state changed`: the snapshot's status, and its error's code. Synthesized from `subscribe()` by
   * `inspectSession()` (`@sesame/core/internals`), not by `client.inspect()`, so apps pay nothing.
   */
  70: {
    status: 'loading' | 'authenticated' | 'unauthenticated' | 'error';
    code: AuthErrorCode | undefined;
  };
  /**
   * `timeouts changed`: `getTimeouts()` (the idle countdown, the session's end in epoch ms),
   * synthesized from `subscribeTimeouts()` by `inspectSession()` like 70.
   */
  71: {
    idle: { warning: boolean; secondsLeft: number | null } | null;
    sessionExpiresAt: number | null;
    sessionEndsSoon: boolean;
  };
}

/** An event's stable number: the key of {@link InspectEventData}. */
export type InspectEventId = keyof InspectEventData;

/**
 * One decision, as `client.inspect()` hands it to a listener: its stable number and its data
 * (destructure `(...[id, data]: InspectArgs)` and narrow on `id` to type `data`). Listeners run
 * synchronously as the decision is made: `Date.now()` in a listener is the event's time.
 */
export type InspectArgs = {
  [K in InspectEventId]: [id: K, data: InspectEventData[K]];
}[InspectEventId];

/** A `client.inspect()` listener: `(id, data)`, see {@link InspectArgs}. */
export type InspectListener = (...event: InspectArgs) => void;

/**
 * One decision as a value, with its time (`at`, epoch ms): what `inspectSession()` from
 * `@sesame/core/internals` delivers (narrow on `id` to type `data`). The same number in
 * development and production builds; labels for it come from `inspectEvents` in
 * `@sesame/core/internals`, which apps do not bundle.
 */
export type InspectEvent = {
  [K in InspectEventId]: { id: K; at: number; data: InspectEventData[K] };
}[InspectEventId];

/**
 * What a devtools panel can do to a client, for testing by hand. Registered by the clients in
 * development builds only (production bundles carry none of it); read with `inspectActions(client)`
 * from `@sesame/core/internals`.
 */
export interface InspectActions {
  /** A token refresh now (browser mode), or a new `/session` check (BFF mode). */
  forceRefresh(): Promise<void>;
  /** Browser mode: marks the access token expired in this tab (not at the API), so renewal refreshes it. */
  expireAccessToken?(): void;
  /** Ends the session in this tab only: nothing revoked, no message to other tabs, storage untouched. */
  signOutThisTab(): void;
}
