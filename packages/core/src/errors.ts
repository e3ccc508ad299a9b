/**
 * Every failure Sesame reports carries one of these codes. They are part of the public API:
 * a code is never renamed or reused for another meaning.
 */
export type AuthErrorCode =
  | 'invalid_settings'
  | 'browser_required'
  | 'login_required'
  | 'session_lost'
  | 'refresh_failed'
  | 'network_error'
  | 'callback_state_mismatch'
  | 'callback_error'
  | 'callback_invalid'
  | 'id_token_invalid'
  /**
   * The token response's `token_type` is one Sesame cannot send (it sends `Bearer`; compared
   * case-insensitively, RFC 6749 §5.1), for example `mac`. Nothing is stored.
   */
  | 'token_type_unsupported'
  /**
   * The userinfo endpoint, read after sign-in (see `loadUserInfo`), answered for another subject
   * (`sub`) than the ID token's. Nothing is stored.
   */
  | 'userinfo_invalid'
  | 'return_to_invalid'
  | 'token_origin_not_allowed'
  | 'unauthorized'
  | 'insufficient_scope'
  | 'body_not_replayable'
  | 'user_changed'
  | 'sign_out_failed'
  | 'idle_timeout'
  | 'signed_out_elsewhere'
  | 'redirect_loop_prevented'
  | 'discovery_invalid'
  | 'provider_missing'
  /**
   * `dpop()` is set and this browser cannot keep a DPoP key (no WebCrypto, as over plain http other
   * than localhost, or no IndexedDB), or the IdP issued a token that is not DPoP-bound. Nothing is
   * sent as a bearer token instead, unless the app chose `dpop({ fallback: 'bearer' })`.
   */
  | 'dpop_unavailable'
  /** An API answered 401 `invalid_dpop_proof` (or `use_dpop_nonce` without a nonce). A new token would not help. */
  | 'dpop_proof_rejected'
  /** An API asked for a DPoP nonce again right after the retry that carried the one it issued. */
  | 'dpop_nonce_loop'
  /**
   * BFF mode (`createBffClient`): there is no access token in the browser, by design; the BFF attaches
   * it to the requests it proxies. Call the API through `client.fetch('/bff/api/<name>/...')` instead
   * of asking for a token (`getAccessToken`).
   */
  | 'bff_no_token'
  /**
   * BFF mode: the BFF answered what its contract does not allow, such as an unexpected status (404:
   * `baseUrl` is wrong or the BFF is not mounted there; 403 `csrf_failed`: the app's origin is not in
   * the BFF's `allowedOrigins`) or a malformed body. `oauthError` holds the BFF's `error` code when it
   * sent one. Trying again does not help.
   */
  | 'bff_response_invalid'
  /** `getAccessToken({ api })` (or `useAccessToken({ api })`) names an API the `apis` setting does not list, or there is no `apis` setting. */
  | 'api_unknown'
  /**
   * The IdP refused to issue a token for an API's resource (`invalid_target`, RFC 8707): the resource
   * is unknown to it or not granted to this session. The session goes on; other APIs are unaffected.
   */
  | 'resource_refused';

/** Which step of the session was running when the error happened. */
export type AuthStep =
  'settings' | 'initialize' | 'sign_in' | 'callback' | 'refresh' | 'request' | 'sign_out';

/** What the {@link AuthError} constructor takes besides the code and message. */
export interface AuthErrorOptions {
  step: AuthStep;
  /** Whether trying the same thing again may succeed (a network blip) or not (a rejected grant). */
  retryable?: boolean;
  /** The OAuth `error` an authorization server or resource server returned, when there was one. */
  oauthError?: string;
  /** The OAuth `error_description`, when there was one. Never contains a token. */
  oauthErrorDescription?: string;
  /** The parameters of the API's `WWW-Authenticate: Bearer` challenge (`error`, `scope`, ...), on `request` errors. */
  challenge?: Readonly<Record<string, string>>;
  cause?: unknown;
}

// Shared by every copy of @sesame/core in a page (Symbol.for is one registry per realm): an app that
// bundles two versions still recognises the other copy's errors, where `instanceof` cannot.
const BRAND = Symbol.for('sesame.AuthError');

/**
 * The one error class Sesame throws or rejects with. Switch on `code`; it is stable. Development
 * builds give a `message` that says what went wrong and what to do; production builds drop that
 * text (see dev.ts) and say only `code`, `step` and where to look, so never show `message` to users.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  // `declare`: set once in the constructor, so the build emits no field declarations besides.
  /** What went wrong; stable across versions. */
  declare readonly code: AuthErrorCode;
  /** Which step of the session was running. */
  declare readonly step: AuthStep;
  /** Whether trying the same thing again may succeed. */
  declare readonly retryable: boolean;
  declare readonly oauthError: string | undefined;
  declare readonly oauthErrorDescription: string | undefined;
  /** The API's Bearer challenge parameters, e.g. `{ error: 'insufficient_scope', scope: 'transfers:write' }`. */
  declare readonly challenge: Readonly<Record<string, string>> | undefined;

  /** `message`: `false` (what a production build makes of Sesame's `DEV && '…'`) gives the short message. */
  constructor(code: AuthErrorCode, message: string | false, options: AuthErrorOptions) {
    super(
      message || `${code} (${options.step}); a development build says more`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.step = options.step;
    this.retryable = options.retryable ?? false;
    this.oauthError = options.oauthError;
    this.oauthErrorDescription = options.oauthErrorDescription;
    this.challenge = options.challenge;
    // Not enumerable: it stays out of logs, spreads and deep equality.
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Narrows an unknown value to an `AuthError`, optionally of one code. Errors from another copy of
 * `@sesame/core` in the same page (two versions bundled) count too: they carry a shared brand
 * (`Symbol.for('sesame.AuthError')`) besides the name `AuthError` and a string `code`. Look-alikes
 * without the brand (a plain object or an `Error` with a `code`) do not.
 */
export function isAuthError(value: unknown, code?: AuthErrorCode): value is AuthError {
  return (
    (value instanceof AuthError || isBranded(value)) && (code === undefined || value.code === code)
  );
}

function isBranded(value: unknown): value is AuthError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { [BRAND]?: unknown; name?: unknown; code?: unknown };
  return (
    candidate[BRAND] === true &&
    candidate.name === 'AuthError' &&
    typeof candidate.code === 'string'
  );
}
