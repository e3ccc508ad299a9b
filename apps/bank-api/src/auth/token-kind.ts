/** What a presented token looked like, for the request log (never the token itself). */
export type PresentedTokenKind = 'none' | 'at+jwt' | 'id_token' | 'opaque' | 'other';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies a token by its shape without trusting it: only used to make request logs useful
 * (e.g. to spot a client sending its ID token to the API).
 */
export function classifyToken(token: string | undefined): PresentedTokenKind {
  if (token === undefined) return 'none';
  if (!JWT_SHAPE.test(token)) return token.includes('.') ? 'other' : 'opaque';
  // Runs on every request: the small header first, and the payload only when the header does
  // not already say "access token".
  const headerEnd = token.indexOf('.');
  const header = decodeSegment(token.slice(0, headerEnd));
  if (header === undefined) return 'other';
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt') return 'at+jwt';
  const payload = decodeSegment(token.slice(headerEnd + 1, token.indexOf('.', headerEnd + 1)));
  if (payload === undefined) return 'other';
  // ID tokens are plain JWTs that carry sign-in evidence an access token has no use for.
  if ('nonce' in payload || 'at_hash' in payload || 'auth_time' in payload) return 'id_token';
  return 'other';
}

const kindOfAccepted = new WeakMap<object, PresentedTokenKind>();

/**
 * {@link classifyToken} for a token the validator accepted, remembered per validation result:
 * validators return the same object for a cached token, so its kind is worked out once rather
 * than on every request.
 */
export function classifyAcceptedToken(token: string, accepted: object): PresentedTokenKind {
  let kind = kindOfAccepted.get(accepted);
  if (kind === undefined) {
    kind = classifyToken(token);
    kindOfAccepted.set(accepted, kind);
  }
  return kind;
}
