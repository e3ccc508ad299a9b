/**
 * Headers every response carries. Responses hold personal data, so nothing may cache them;
 * JSON must never be sniffed into something a browser would render or run.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * {@link SECURITY_HEADERS} as the flat `[name, value, name, value, ...]` list that
 * `res.writeHead(status, list)` takes: a response's headers are written in one call, built once
 * here rather than set one by one on every request.
 */
export const SECURITY_HEADER_LIST: readonly string[] = Object.entries(SECURITY_HEADERS).flat();
