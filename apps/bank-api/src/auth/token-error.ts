/**
 * Why a request's credentials were refused. Each reason maps to one RFC 6750 error and one short,
 * token-free description that clients and logs can rely on.
 */
export type TokenFailureReason =
  | 'missing_token'
  | 'malformed_request'
  | 'token_too_large'
  | 'malformed_token'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_issued_in_future'
  | 'token_too_old'
  | 'signature_invalid'
  | 'signing_key_not_found'
  | 'algorithm_not_allowed'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'wrong_token_type'
  | 'missing_claim'
  | 'token_inactive'
  | 'token_rejected'
  | 'validation_unavailable';

interface ReasonInfo {
  status: 400 | 401 | 503;
  /** RFC 6750 §3.1 error code; absent when the request carried no bearer credentials at all. */
  oauthError?: 'invalid_request' | 'invalid_token';
  description: string;
}

const REASONS: Record<TokenFailureReason, ReasonInfo> = {
  missing_token: { status: 401, description: 'an access token is required' },
  malformed_request: {
    status: 400,
    oauthError: 'invalid_request',
    description: 'malformed Authorization header',
  },
  token_too_large: { status: 401, oauthError: 'invalid_token', description: 'token too large' },
  malformed_token: { status: 401, oauthError: 'invalid_token', description: 'malformed token' },
  token_expired: { status: 401, oauthError: 'invalid_token', description: 'token expired' },
  token_not_yet_valid: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'token not yet valid',
  },
  token_issued_in_future: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'token issued in the future',
  },
  token_too_old: { status: 401, oauthError: 'invalid_token', description: 'token too old' },
  signature_invalid: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'signature verification failed',
  },
  signing_key_not_found: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'signing key not found',
  },
  algorithm_not_allowed: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'algorithm not allowed',
  },
  issuer_mismatch: { status: 401, oauthError: 'invalid_token', description: 'issuer mismatch' },
  audience_mismatch: { status: 401, oauthError: 'invalid_token', description: 'audience mismatch' },
  wrong_token_type: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'token type not at+jwt',
  },
  missing_claim: {
    status: 401,
    oauthError: 'invalid_token',
    description: 'required claim missing',
  },
  token_inactive: { status: 401, oauthError: 'invalid_token', description: 'token not active' },
  token_rejected: { status: 401, oauthError: 'invalid_token', description: 'token rejected' },
  // The IdP (discovery, JWKS or introspection) could not be reached: the token may be fine, so a
  // 401 would send clients into a pointless refresh. 503 tells them to retry later instead.
  validation_unavailable: { status: 503, description: 'token validation temporarily unavailable' },
};

/** A refused credential. `description` is safe to send and log: it never contains the token. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly reason: TokenFailureReason;
  readonly status: 400 | 401 | 503;
  readonly oauthError: 'invalid_request' | 'invalid_token' | undefined;
  readonly description: string;

  constructor(reason: TokenFailureReason, options?: { description?: string; cause?: unknown }) {
    const info = REASONS[reason];
    const description = options?.description ?? info.description;
    super(description, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.status = info.status;
    this.oauthError = info.oauthError;
    this.description = description;
  }
}

export function isTokenError(value: unknown): value is TokenError {
  return value instanceof TokenError;
}
