// What an openid-client failure means for the BFF: the IdP refused (a grant, a code), the IdP could
// not be reached (retry later), or the IdP's answer failed a check. Decided here once for every
// route. openid-client's error classes and codes are its public API; the two message tests below
// (which parameter of the authorization response failed) are pinned by idp-errors.test.ts.
import * as oidc from 'openid-client';
import { BffError } from './errors';

/** How an IdP request failed. */
export type IdpFailure = 'refused' | 'unavailable' | 'invalid';

const hasStatus5xx = (value: unknown): boolean =>
  value instanceof Response && (value.status >= 500 || value.status === 429);

/** Classifies a rejection of an openid-client call that talks to the IdP (or an API). */
export function idpFailure(error: unknown): IdpFailure {
  if (error instanceof oidc.ResponseBodyError) {
    return error.status >= 500 || error.status === 429 ? 'unavailable' : 'refused';
  }
  if (error instanceof oidc.ClientError) {
    if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return 'unavailable';
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && hasStatus5xx(error.cause)) {
      return 'unavailable';
    }
    return 'invalid';
  }
  // fetch's own network failure ("fetch failed"): a TypeError without openid-client's ERR_ code.
  if (
    error instanceof TypeError &&
    !String((error as { code?: unknown }).code).startsWith('ERR_')
  ) {
    return 'unavailable';
  }
  if (
    error instanceof DOMException &&
    (error.name === 'TimeoutError' || error.name === 'AbortError')
  ) {
    return 'unavailable';
  }
  return 'invalid';
}

/** Whether a timeout (rather than a refused connection) ended the request. */
export function isTimeout(error: unknown): boolean {
  return (
    (error instanceof oidc.ClientError && error.code === 'OAUTH_TIMEOUT') ||
    (error instanceof DOMException && error.name === 'TimeoutError')
  );
}

/** The IdP could not be reached or answered 5xx: a {@link BffError} `idp_unavailable`. */
export const idpUnavailable = (cause: unknown): BffError =>
  new BffError('idp_unavailable', 'The IdP could not be reached or failed. Try again later.', {
    status: 502,
    retryable: true,
    cause,
  });

/** Which authorization-response parameter openid-client refused, when it was one. */
function refusedParameter(error: oidc.ClientError): 'iss' | 'state' | 'other' | undefined {
  const operation = error.cause as
    { message?: unknown; cause?: { parameters?: unknown } } | undefined;
  if (!(operation?.cause?.parameters instanceof URLSearchParams)) return undefined;
  const message = String(operation.message);
  if (message.includes('"iss"')) return 'iss';
  if (message.includes('"state"')) return 'state';
  return 'other';
}

/** The {@link BffError} the callback page shows for a failed `authorizationCodeGrant`. */
export function callbackError(error: unknown): BffError {
  if (error instanceof BffError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new BffError('callback_error', 'The IdP answered the sign-in with an error.', {
      status: 400,
      oauthError: error.error,
      ...(error.error_description ? { oauthErrorDescription: error.error_description } : {}),
      cause: error,
    });
  }
  const failure = idpFailure(error);
  if (failure === 'unavailable') return idpUnavailable(error);
  if (failure === 'refused') {
    const refusal = error as oidc.ResponseBodyError;
    return new BffError('callback_exchange_failed', 'The IdP refused the code exchange.', {
      status: 400,
      oauthError: refusal.error,
      cause: error,
    });
  }
  const parameter = error instanceof oidc.ClientError ? refusedParameter(error) : undefined;
  if (parameter === 'iss') {
    return new BffError('callback_iss_mismatch', 'The callback `iss` is missing or wrong.', {
      status: 400,
      cause: error,
    });
  }
  if (parameter === 'state') {
    return new BffError('callback_state_mismatch', 'The callback `state` does not match.', {
      status: 400,
      cause: error,
    });
  }
  if (parameter === 'other') {
    return new BffError('callback_invalid', 'The callback is malformed.', {
      status: 400,
      cause: error,
    });
  }
  // Everything after the exchange: the token response and its ID token failed a check.
  return new BffError('id_token_invalid', 'The ID token failed validation.', {
    status: 400,
    cause: error,
  });
}
