// Whether an upstream redirect may reach the browser. The browser, not the BFF, follows a proxied
// redirect (openid-client never does), and it follows one into its own origin with the same method,
// body, X-Sesame-CSRF header, Origin and session cookie: the CSRF check passes, and the BFF would
// call any API as the user wherever an upstream pointed (a 307 to `/bff/api/bank/transfers` is a
// transfer). So an upstream 3xx with a Location is refused, unless its API sets `allowRedirects`;
// even then a Location that lands on the app's own origin is refused.
import { loggablePath } from './log';

/**
 * Why an upstream answer must not reach the browser, for the log line (origin and path of the
 * Location, never its query, where a signed URL keeps its signature); `undefined` when it may pass.
 *
 * @param status the upstream answer's status
 * @param location its `Location` header, as the browser would get it
 * @param allowRedirects the API's `allowRedirects` option
 * @param ownOrigins the origins the browser may have sent this request from: the app's
 *   `allowedOrigins` (the first is the one the log names), the `redirectUri`'s, the request URL's
 */
export function redirectRefusal(
  status: number,
  location: string | null,
  allowRedirects: boolean,
  ownOrigins: readonly string[],
): string | undefined {
  if (status < 300 || status > 399 || location === null) return undefined;
  const [first = 'http://invalid'] = ownOrigins;
  let target: URL;
  try {
    // A relative Location is relative to the BFF URL the browser asked for, not to the upstream's.
    target = new URL(location, first);
  } catch {
    return `upstream ${status} with a Location that is not a URL`;
  }
  const web = target.protocol === 'http:' || target.protocol === 'https:';
  const where = web
    ? `${target.origin}${loggablePath(target.pathname)}`
    : `a ${target.protocol} URL`;
  // Resolved against each origin the page may be on: a path or a scheme-relative `//host` lands on
  // the page's own origin whichever it is.
  if (ownOrigins.some((origin) => new URL(location, origin).origin === origin)) {
    return `upstream ${status} to the app's own origin: ${where}`;
  }
  if (!allowRedirects) return `upstream ${status} to ${where}; the API does not set allowRedirects`;
  // Nothing but a web page is a place to send the browser on from an API call.
  return web ? undefined : `upstream ${status} to ${where}`;
}
