import type { IncomingMessage } from 'node:http';

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, DPoP';
export const CORS_EXPOSED_HEADERS =
  'WWW-Authenticate, Idempotent-Replayed, Retry-After, DPoP-Nonce';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

// Responses differ by Origin, so shared caches must key on it: every response says so.
const VARY_ORIGIN: readonly string[] = ['vary', 'Origin'];

/** What CORS decided for a request: the headers to answer with, or a refusal. */
export type CorsVerdict =
  | { readonly kind: 'no_origin' | 'allowed'; readonly headers: readonly string[] }
  | { readonly kind: 'forbidden'; readonly headers: readonly string[] };

const NO_ORIGIN: CorsVerdict = { kind: 'no_origin', headers: VARY_ORIGIN };
const FORBIDDEN: CorsVerdict = { kind: 'forbidden', headers: VARY_ORIGIN };

/**
 * Decides CORS for a request and gives its response headers as a flat `[name, value, ...]` list.
 * Origins are compared exactly (scheme, host and port), never by prefix or pattern. Credentials
 * (cookies) are never allowed: the API authenticates with tokens only, so no
 * `Access-Control-Allow-Credentials` is sent.
 */
export function decideCors(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): CorsVerdict {
  const origin = req.headers.origin;
  if (origin === undefined) return NO_ORIGIN;
  if (!allowedOrigins.has(origin)) return FORBIDDEN;
  return {
    kind: 'allowed',
    headers: [
      ...VARY_ORIGIN,
      'access-control-allow-origin',
      origin,
      'access-control-expose-headers',
      CORS_EXPOSED_HEADERS,
    ],
  };
}

/** True for a CORS preflight (an OPTIONS request naming the method it wants to make). */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/** The preflight answer's headers (the caller has already checked the origin). */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': CORS_ALLOWED_METHODS,
  'access-control-allow-headers': CORS_ALLOWED_HEADERS,
  'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
};
