import { ErrorResponse } from 'oidc-client-ts';
import { AuthError, type AuthErrorCode, type AuthStep } from './errors';
import { DEV, type DevMessage } from './dev';

// OAuth errors that say "try again later" rather than "this grant is dead".
const TRANSIENT = ['server_error', 'temporarily_unavailable'];

/**
 * Turns whatever oidc-client-ts or `fetch` threw into an `AuthError`.
 * The original error is kept as `cause`; messages never quote a response body, so no token leaks.
 */
export function toAuthError(
  error: unknown,
  step: AuthStep,
  code: AuthErrorCode,
  message: DevMessage,
): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof ErrorResponse) {
    const oauthError = error.error ?? 'error';
    const transient = TRANSIENT.includes(oauthError);
    return new AuthError(
      // An error in the authorization response (or from the code exchange) is always callback_error.
      step === 'callback'
        ? 'callback_error'
        : transient
          ? 'network_error'
          : // Only a network failure, a 5xx or a 429 can succeed later; any other OAuth error from
            // the refresh grant (invalid_grant, or invalid_request, invalid_client... from providers
            // that answer a dead refresh token so) would fail the same way on every retry.
            step === 'refresh'
            ? 'login_required'
            : code,
      DEV && `The IdP answered "${oauthError}".`,
      {
        step,
        retryable: transient,
        oauthError,
        ...(error.error_description && { oauthErrorDescription: error.error_description }),
        cause: error,
      },
    );
  }
  const name = error instanceof Error ? error.name : '';
  const text = error instanceof Error ? `${name} ${error.message}` : '';
  // fetch rejects with a TypeError when offline; oidc-client-ts reports a timeout as ErrorTimeout,
  // a JSON-less 5xx or 429 as "<status text> (5xx)" and a proxy's HTML error page as a bad Content-Type.
  if (
    /^(TypeError|ErrorTimeout|AbortError|TimeoutError)$/.test(name) ||
    /\((5\d\d|429)\)|Content-Type/.test(text)
  ) {
    return new AuthError(
      'network_error',
      DEV && 'Could not reach the IdP (network error, timeout, 5xx or 429).',
      { step, retryable: true, cause: error },
    );
  }
  // A 4xx without an OAuth error body (Glewlwyd answers a spent refresh token with a bare 400): the
  // grant is refused as surely as with invalid_grant, and retrying would fail the same way.
  if (step === 'refresh' && /\(4\d\d\)/.test(text)) {
    return new AuthError('login_required', DEV && 'The IdP refused the refresh token.', {
      step,
      cause: error,
    });
  }
  // oidc-client-ts's own ID-token checks (nonce, sub, and the JWT decoding itself).
  if (/id_token|ID Token|InvalidToken/.test(text)) {
    return new AuthError('id_token_invalid', DEV && 'The ID token was rejected.', {
      step,
      cause: error,
    });
  }
  return new AuthError(code, message, { step, cause: error });
}
