// The CSRF defence of every endpoint that reads the session: a custom header that no other site can
// make a browser send without a CORS preflight (which the BFF never grants), and an `Origin` that
// must be one of the app's own. One function decides, for every route type: Duende.BFF once had a
// route type that skipped its header check.

/** The header every `/session`, `/logout` and `/api/*` request must carry, with the value `1`. */
export const CSRF_HEADER = 'x-sesame-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Why `request` fails the CSRF check, or `undefined` when it passes. Rules:
 * - `X-Sesame-CSRF: 1` is required;
 * - an `Origin` header, when present, must equal one of `allowedOrigins` exactly (`null` never does);
 * - a request other than GET/HEAD must carry `Origin` (browsers always send it on those);
 * - a GET/HEAD without `Origin` is accepted only when `Sec-Fetch-Site` is absent or `same-origin`:
 *   browsers omit `Origin` on same-origin GET requests (Fetch standard, "append a request Origin
 *   header"), and a cross-site request with a custom header is always a CORS request, which
 *   carries `Origin`.
 */
export function csrfFailure(
  method: string,
  headers: Headers,
  allowedOrigins: ReadonlySet<string>,
): string | undefined {
  if (headers.get(CSRF_HEADER) !== '1') {
    return 'The X-Sesame-CSRF: 1 header is missing.';
  }
  const origin = headers.get('origin');
  if (origin !== null) {
    return allowedOrigins.has(origin) ? undefined : 'The Origin header is not an allowed origin.';
  }
  if (!SAFE_METHODS.has(method)) return 'The Origin header is missing.';
  const site = headers.get('sec-fetch-site');
  return site === null || site === 'same-origin'
    ? undefined
    : 'A request from another site without an Origin header.';
}
