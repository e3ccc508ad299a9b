import type { IncomingMessage } from 'node:http';
import { andThen, type Eventually } from '../eventually.js';
import { ApiError } from '../http/api-error.js';
import { parseBearerToken } from './bearer.js';
import { parseDpopAuthorization, type DpopVerifier } from './dpop-proof.js';
import { rejectBoundBearerToken, validateDpopRequest } from './dpop-request.js';
import { TokenError } from './token-error.js';
import type { AccessTokenValidator, ValidatedToken } from './validated-token.js';

/** What a resource server needs to check a request's credentials. */
export interface RequestAuthenticator {
  readonly validator: AccessTokenValidator;
  readonly dpop: DpopVerifier;
}

/**
 * Reads the token a request presents (`Bearer` or `DPoP`) and validates it: at once when the
 * validator knows it already. `onToken` learns the raw token first, for the request's log line
 * (which records its kind, never the token). Throws {@link TokenError}, `DpopError` or
 * {@link ApiError} (a token in the URL).
 */
export function authenticateRequest(
  req: IncomingMessage,
  target: { readonly pathname: string; readonly searchParams: URLSearchParams },
  { validator, dpop }: RequestAuthenticator,
  onToken: (token: string | undefined) => void,
): Eventually<ValidatedToken> {
  if (target.searchParams.has('access_token')) {
    throw new ApiError(
      400,
      'invalid_request',
      'Send tokens in the Authorization header, never in the URL.',
    );
  }
  const dpopToken = parseDpopAuthorization(req.headers.authorization);
  const token = dpopToken ?? parseBearerToken(req.headers.authorization);
  onToken(token);
  if (token === undefined) throw new TokenError('missing_token');
  if (dpopToken !== undefined) {
    // A proof is single use, so every DPoP request verifies one: nothing here is cached.
    return validateDpopRequest(req, target.pathname, token, validator, dpop);
  }
  return andThen(validator.peek(token) ?? validator.validate(token), (validated) => {
    rejectBoundBearerToken(validated);
    return validated;
  });
}
