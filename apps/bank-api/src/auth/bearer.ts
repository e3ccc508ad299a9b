import { TokenError } from './token-error.js';

/** Authorization headers longer than this are refused before any parsing (tokens are ~1 KB). */
export const MAX_AUTHORIZATION_HEADER_BYTES = 8 * 1024;

// RFC 6750 §2.1 b64token: the only characters a bearer token may contain.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Extracts the bearer token from an `Authorization` header value.
 *
 * Returns `undefined` when there are no bearer credentials (no header, or another scheme such as
 * Basic): RFC 6750 §3.1 says such a challenge carries no error code. Throws a {@link TokenError}
 * when the header is oversized or malformed.
 */
export function parseBearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (header.length > MAX_AUTHORIZATION_HEADER_BYTES) throw new TokenError('token_too_large');
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const credentials = space === -1 ? '' : header.slice(space + 1);
  if (credentials === '') {
    throw new TokenError('malformed_request', { description: 'bearer token missing' });
  }
  if (!B64TOKEN.test(credentials)) {
    // Covers "Bearer a b", tabs, a second space and any character outside b64token.
    throw new TokenError('malformed_request', {
      description: 'expected exactly one bearer token',
    });
  }
  return credentials;
}
