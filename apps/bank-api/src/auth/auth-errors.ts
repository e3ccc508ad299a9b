import { ApiError } from '../http/api-error.js';
import type { TokenError } from './token-error.js';
import { bearerChallenge } from './www-authenticate.js';

/** Seconds a client should wait before retrying when the IdP could not be reached. */
const UNAVAILABLE_RETRY_AFTER = '5';

/**
 * Turns a refused credential into the HTTP answer RFC 6750 describes: a `Bearer` challenge with
 * `error` and `error_description` (none at all when no credentials were sent), and the same in a
 * JSON body: `{ code, message, reason }`.
 */
export function apiErrorFromTokenError(error: TokenError): ApiError {
  if (error.status === 503) {
    return new ApiError(503, 'token_validation_unavailable', error.description, {
      headers: { 'retry-after': UNAVAILABLE_RETRY_AFTER },
    });
  }
  const challenge = bearerChallenge({
    error: error.oauthError,
    errorDescription: error.oauthError === undefined ? undefined : error.description,
  });
  const code = error.oauthError ?? 'missing_token';
  return new ApiError(error.status, code, error.description, {
    headers: { 'www-authenticate': challenge },
    reason: error.reason,
  });
}

/** 403 for a valid token that lacks the scope a route needs (RFC 6750 §3.1). */
export function insufficientScope(scope: string): ApiError {
  return new ApiError(403, 'insufficient_scope', `This request needs the "${scope}" scope.`, {
    headers: {
      'www-authenticate': bearerChallenge({
        error: 'insufficient_scope',
        errorDescription: `scope ${scope} required`,
        scope,
      }),
    },
  });
}
