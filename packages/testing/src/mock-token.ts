// The mock client's access tokens are readable on purpose: `mock.<sub>.<n>` says whose token it is and
// which refresh produced it, so a test API can check both without decoding anything.

const PREFIX = 'mock.';

/** The access token the mock client hands out for `sub` after `n` refreshes (`n` starts at 1). */
export function mockAccessToken(sub: string, n = 1): string {
  if (!sub || sub.includes(' '))
    throw new TypeError('sub must be a non-empty string without spaces.');
  if (!Number.isInteger(n) || n < 1) throw new TypeError('n must be a positive integer.');
  return `${PREFIX}${encodeURIComponent(sub)}.${n}`;
}

/** What a mock access token says: whose it is and its generation. Null for anything else. */
export interface MockTokenInfo {
  /** Whose token it is. */
  sub: string;
  /** Its generation: 1 at sign-in, one more per refresh. */
  n: number;
}

/** Reads a token made by {@link mockAccessToken}; null when `token` is not one. */
export function parseMockToken(token: string): MockTokenInfo | null {
  if (!token.startsWith(PREFIX)) return null;
  const rest = token.slice(PREFIX.length);
  const dot = rest.lastIndexOf('.');
  const n = Number(rest.slice(dot + 1));
  if (dot < 1 || !Number.isInteger(n) || n < 1) return null;
  try {
    return { sub: decodeURIComponent(rest.slice(0, dot)), n };
  } catch {
    return null;
  }
}

/** Anything with request headers: a `Request` (MSW handlers, fetch stubs), `Headers`, or `RequestInit`. */
export type HasHeaders = Request | Headers | { headers?: HeadersInit | undefined } | undefined;

function headersOf(source: HasHeaders): Headers {
  if (source instanceof Headers) return source;
  if (source && 'headers' in source && source.headers) return new Headers(source.headers);
  return new Headers();
}

/** The mock bearer token on a request, parsed; null when there is no `Authorization: Bearer mock.…`. */
export function bearerOf(request: HasHeaders): MockTokenInfo | null {
  const match = /^Bearer (\S+)$/.exec(headersOf(request).get('authorization') ?? '');
  return match ? parseMockToken(match[1]!) : null;
}

/**
 * Throws unless `request` carries the mock access token of `sub` (and, when given, generation `n`).
 * Use it in an MSW handler or a fetch stub to prove the app sent the right user's token:
 * `http.get(url, ({ request }) => { expectBearer(request, 'jane'); return HttpResponse.json(data); })`.
 */
export function expectBearer(request: HasHeaders, sub: string, n?: number): MockTokenInfo {
  const info = bearerOf(request);
  if (!info) {
    const header = headersOf(request).get('authorization');
    throw new Error(
      header === null
        ? `Expected a mock bearer token for "${sub}", but the request has no Authorization header.`
        : `Expected a mock bearer token for "${sub}", but the Authorization header is not one.`,
    );
  }
  if (info.sub !== sub || (n !== undefined && info.n !== n)) {
    throw new Error(
      `Expected the bearer token of "${sub}"${n === undefined ? '' : ` #${n}`}, got "${info.sub}" #${info.n}.`,
    );
  }
  return info;
}
