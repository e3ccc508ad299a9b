import type { IncomingMessage } from 'node:http';
import { DpopError, singleProofHeader, type DpopVerifier } from './dpop-proof.js';
import { TokenError } from './token-error.js';
import type { AccessTokenValidator, ValidatedToken } from './validated-token.js';

/**
 * Authenticates an `Authorization: DPoP <token>` request: the token must be valid and DPoP-bound
 * (`cnf.jkt`), and the request's one `DPoP` header must hold a proof for this request signed by
 * the bound key. Every refusal is a {@link DpopError}, answered with a DPoP challenge.
 */
export async function validateDpopRequest(
  req: IncomingMessage,
  pathname: string,
  token: string,
  validator: AccessTokenValidator,
  verifier: DpopVerifier,
): Promise<ValidatedToken> {
  const proof = singleProofHeader(req.headersDistinct.dpop);
  let validated: ValidatedToken;
  try {
    validated = validator.peek(token) ?? (await validator.validate(token));
  } catch (error) {
    // A 503 (IdP unreachable) stays a 503: the token may be fine.
    if (error instanceof TokenError && error.status !== 503) {
      throw new DpopError('invalid_token', error.description);
    }
    throw error;
  }
  const boundThumbprint = validated.jkt;
  if (boundThumbprint === undefined) {
    throw new DpopError('invalid_token', 'token is not DPoP-bound');
  }
  await verifier.verify({
    proof,
    method: req.method ?? 'GET',
    pathname,
    accessToken: token,
    boundThumbprint,
  });
  return validated;
}

/**
 * RFC 9449 §7.2: a DPoP-bound token sent as `Bearer` is refused, or a stolen token would work
 * without its key. Called after the token was validated.
 */
export function rejectBoundBearerToken(validated: ValidatedToken): void {
  if (validated.jkt !== undefined) {
    throw new DpopError('invalid_token', 'DPoP-bound token must be sent with the DPoP scheme');
  }
}
