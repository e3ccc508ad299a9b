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
  // The scheme ends at the first whitespace of any kind, so "Bearer\tabc" is a malformed bearer
  // header rather than some other scheme.
  const schemeEnd = header.search(/\s/);
  const scheme = schemeEnd === -1 ? header : header.slice(0, schemeEnd);
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const rest = schemeEnd === -1 ? '' : header.slice(schemeEnd);
  if (rest.trim() === '') {
    throw new TokenError('malformed_request', { description: 'bearer token missing' });
  }
  const credentials = rest.slice(1);
  if (!rest.startsWith(' ') || !B64TOKEN.test(credentials)) {
    // Covers "Bearer a b", tabs, a second space and any character outside b64token.
    throw new TokenError('malformed_request', {
      description: 'expected exactly one bearer token',
    });
  }
  return credentials;
}
