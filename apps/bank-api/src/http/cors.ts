import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, DPoP';
export const CORS_EXPOSED_HEADERS =
  'WWW-Authenticate, Idempotent-Replayed, Retry-After, DPoP-Nonce';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** What CORS decided for a request. */
export type CorsVerdict = 'no_origin' | 'allowed' | 'forbidden';

/**
 * Applies CORS response headers. Origins are compared exactly (scheme, host and port), never by
 * prefix or pattern. Credentials (cookies) are never allowed: the API authenticates with bearer
 * tokens only, so no `Access-Control-Allow-Credentials` is sent.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowedOrigins: ReadonlySet<string>,
): CorsVerdict {
  // Responses differ by Origin, so shared caches must key on it.
  res.setHeader('vary', 'Origin');
  const origin = req.headers.origin;
  if (origin === undefined) return 'no_origin';
  if (!allowedOrigins.has(origin)) return 'forbidden';
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  return 'allowed';
}

/** True for a CORS preflight (an OPTIONS request naming the method it wants to make). */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/** Adds the preflight answer's headers (the caller has already checked the origin). */
export function applyPreflightHeaders(res: ServerResponse): void {
  res.setHeader('access-control-allow-methods', CORS_ALLOWED_METHODS);
  res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
  res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
}
