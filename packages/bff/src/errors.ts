/**
 * Every failure the BFF reports carries one of these codes, in its JSON answers
 * (`{ "error": code }`), on its error pages and in its log lines. They are part of the public API:
 * a code is never renamed or reused for another meaning.
 */
export type BffErrorCode =
  /** `createBff` was given options it cannot work with; the message says which and what to do. */
  | 'invalid_options'
  /** A request that needs the CSRF defence lacked `X-Sesame-CSRF: 1` or an allowed `Origin` (403). */
  | 'csrf_failed'
  /** No session: no cookie, an unknown or ended one, or the IdP refused to refresh it (401). */
  | 'login_required'
  /** `/login?returnTo=` is not a path on this origin (or points back into the BFF) (400). */
  | 'return_to_invalid'
  /** The callback's `state` names no sign-in started in this browser, or it expired (400). */
  | 'callback_state_mismatch'
  /** The callback's `iss` (RFC 9207) is missing or names another issuer: a mix-up attempt (400). */
  | 'callback_iss_mismatch'
  /** The IdP answered the sign-in with an error such as `access_denied` (400). */
  | 'callback_error'
  /** The IdP refused the code exchange, for example a replayed or expired code (400). */
  | 'callback_exchange_failed'
  /** The ID token failed a check: signature, `iss`, `aud`, `exp`, `nonce`... (400). */
  | 'id_token_invalid'
  /** The IdP issued an access token that is not DPoP-bound; the BFF sends none of those (400). */
  | 'token_not_bound'
  /** Any other malformed callback (400). */
  | 'callback_invalid'
  /** The IdP refused to start the sign-in (the pushed authorization request): a setup problem (502). */
  | 'login_failed'
  /** The IdP could not be reached, timed out or answered 5xx (502; retrying later may help). */
  | 'idp_unavailable'
  /** The `/api/<name>/` is not configured, or the path is outside its prefix (404). */
  | 'api_not_allowed'
  /** The proxied path holds a trick: dot segments, encoded slashes or backslashes, `//`... (400). */
  | 'path_invalid'
  /** The request body is over `maxBodyBytes` (413). */
  | 'body_too_large'
  /** The upstream API did not answer within `upstreamTimeoutMs` (504). */
  | 'upstream_timeout'
  /** The upstream API could not be reached (502). */
  | 'upstream_unreachable'
  /**
   * The upstream API answered with a redirect (a 3xx with a `Location`), which the BFF does not pass
   * on: the browser would follow it with the session cookie and CSRF header. Passed only for an API
   * with `allowRedirects`, and never into the app's own origin (502).
   */
  | 'upstream_redirect_refused'
  /** The upstream API refused the access token even after one refresh and one retry (401). */
  | 'unauthorized'
  /**
   * The IdP refused a token for this API's resource (RFC 8707 `invalid_target`): it does not know
   * the resource, or this sign-in was not granted it (an API added since the user signed in). Not
   * asked again for this session; signing in again may help (403). At `/login`: the IdP refused a
   * resource of the sign-in, a setup problem (an error page, 502).
   */
  | 'resource_refused'
  /** No BFF endpoint at this path (404). */
  | 'not_found'
  /** The endpoint exists but not for this method (405). */
  | 'method_not_allowed'
  /** An unexpected failure inside the BFF (500); details go to the log, never to the browser. */
  | 'internal_error'
  /**
   * The session store (Redis...) could not be reached or did not answer in time (503 with
   * `Retry-After`; retryable). Sessions are kept: the user is not signed out.
   */
  | 'session_store_unavailable'
  /**
   * Another replica held the session's lock (a refresh in progress) for longer than the BFF waits
   * (503 with `Retry-After`; retryable).
   */
  | 'session_lock_timeout'
  /**
   * A back-channel logout request (`POST {prefix}/backchannel-logout`) was malformed or its
   * `logout_token` failed a check: signature, `iss`, `aud`, `iat`, `exp`, `events`, `sid`/`sub`, a
   * `nonce`, a replayed `jti`. Answered 400 `{ "error": "invalid_request" }` as the specification
   * asks; this code is in the log line. No session is ended.
   */
  | 'logout_token_invalid';

/** What the {@link BffError} constructor takes besides the code and message. */
export interface BffErrorOptions {
  /** The HTTP status the BFF answers with. Default 500. */
  status?: number;
  /** Whether trying the same thing again may succeed (an IdP outage) or not (a refused grant). */
  retryable?: boolean;
  /** The OAuth `error` the IdP returned, when there was one. */
  oauthError?: string;
  /** The OAuth `error_description` the IdP returned, when there was one. Never a token. */
  oauthErrorDescription?: string;
  /** Seconds after which trying again may help: sent as `Retry-After`. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error class of `@sesame/bff`. Switch on `code`; it is stable. Its `message` is written for
 * developers and operators and never holds a token, a cookie value or an authorization code.
 */
export class BffError extends Error {
  override readonly name = 'BffError';
  /** What went wrong; stable across versions. */
  readonly code: BffErrorCode;
  /** The HTTP status the BFF answers with for this error. */
  readonly status: number;
  /** Whether trying again may succeed. */
  readonly retryable: boolean;
  /** The OAuth `error` from the IdP, when there was one. */
  readonly oauthError: string | undefined;
  /** The OAuth `error_description` from the IdP, when there was one. */
  readonly oauthErrorDescription: string | undefined;
  /** Seconds after which trying again may help (the answer's `Retry-After`), when known. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: BffErrorCode, message: string, options: BffErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.oauthError = options.oauthError;
    this.oauthErrorDescription = options.oauthErrorDescription;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Whether `value` is a {@link BffError}. */
export const isBffError = (value: unknown): value is BffError => value instanceof BffError;
