import { errors } from 'jose';
import { TokenError } from './token-error.js';

const TIMESTAMP_REASONS = {
  exp: 'token_expired',
  nbf: 'token_not_yet_valid',
  iat: 'token_issued_in_future',
} as const;

function claimFailure(error: errors.JWTClaimValidationFailed): TokenError {
  if (error.reason === 'missing') {
    return new TokenError('missing_claim', {
      description: `required claim missing: ${error.claim}`,
      cause: error,
    });
  }
  switch (error.claim) {
    case 'iss':
      return new TokenError('issuer_mismatch', { cause: error });
    case 'aud':
      return new TokenError('audience_mismatch', { cause: error });
    case 'typ':
      return new TokenError('wrong_token_type', { cause: error });
    case 'exp':
    case 'nbf':
    case 'iat':
      // A timestamp that is not a number is malformed, not merely out of range.
      return error.reason === 'check_failed'
        ? new TokenError(TIMESTAMP_REASONS[error.claim], { cause: error })
        : new TokenError('malformed_token', { cause: error });
    default:
      return new TokenError('malformed_token', { cause: error });
  }
}

/**
 * Maps whatever `jwtVerify` threw to a {@link TokenError}. Anything that is not a verdict on the
 * token itself (the JWKS could not be fetched or parsed) is `validation_unavailable`, so that an IdP
 * outage is not reported to clients as a bad token.
 */
export function tokenErrorFromJose(error: unknown): TokenError {
  if (error instanceof errors.JWTExpired) {
    return new TokenError(error.claim === 'iat' ? 'token_too_old' : 'token_expired', {
      cause: error,
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenError('signature_invalid', { cause: error });
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenError('signature_invalid', { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenError('signing_key_not_found', { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenError('algorithm_not_allowed', { cause: error });
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return new TokenError('malformed_token', { cause: error });
  }
  return new TokenError('validation_unavailable', { cause: error });
}
