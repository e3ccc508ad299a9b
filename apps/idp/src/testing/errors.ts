/** Stable codes of {@link CompleteLoginError}. */
export type CompleteLoginErrorCode =
  /** The IdP refused the user ID and password. */
  | 'invalid_credentials'
  /** `consent: false` or `deny` was asked for, but the IdP showed no page to cancel on (all remembered). */
  | 'nothing_to_cancel'
  /** The IdP showed an error page instead of redirecting (unknown client, wrong redirect URI...). */
  | 'authorization_error'
  /** A response the helper does not know how to continue from. */
  | 'unexpected_response'
  /** More redirects than any sign-in needs: probably a loop. */
  | 'too_many_steps';

/** Why `completeLogin` could not reach the client's redirect URI. */
export class CompleteLoginError extends Error {
  override readonly name = 'CompleteLoginError';
  readonly code: CompleteLoginErrorCode;
  /** The OAuth error shown on the IdP's error page, for `authorization_error`. */
  readonly oauthError: string | undefined;
  /** HTTP status of the last response. */
  readonly status: number | undefined;

  constructor(
    code: CompleteLoginErrorCode,
    message: string,
    details: { oauthError?: string | undefined; status?: number | undefined } = {},
  ) {
    super(message);
    this.code = code;
    this.oauthError = details.oauthError;
    this.status = details.status;
  }
}

/** The token, revocation or introspection endpoint answered with an OAuth error (or not with JSON). */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  /** The OAuth `error`, e.g. `invalid_grant`; `invalid_response` when the body was not an OAuth error. */
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly status: number;
  /** The `DPoP-Nonce` response header (RFC 9449): the nonce to sign into the next proof. */
  readonly dpopNonce: string | undefined;

  constructor(status: number, error: string, errorDescription?: string, dpopNonce?: string) {
    super(`${error}${errorDescription ? `: ${errorDescription}` : ''} (HTTP ${status})`);
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
    this.dpopNonce = dpopNonce;
  }
}

/** The authorization response carried an `error`, or failed the `state` / `iss` checks. */
export class AuthorizationResponseError extends Error {
  override readonly name = 'AuthorizationResponseError';
  /** The OAuth `error`, or `state_mismatch` / `iss_mismatch` / `code_missing` for failed checks. */
  readonly error: string;
  readonly errorDescription: string | undefined;

  constructor(error: string, errorDescription?: string) {
    super(`${error}${errorDescription ? `: ${errorDescription}` : ''}`);
    this.error = error;
    this.errorDescription = errorDescription;
  }
}
