// Which upstream URL a `{prefix}/api/<name>/<path>` request may go to, decided here and nowhere
// else: the API by exact name, the path under its allowed prefix, and no path trick that an
// upstream server (or a proxy in front of it) could read differently from this check.
import type { ResolvedApi } from './options';

/** The outcome of {@link proxyTarget}. */
export type ProxyTarget =
  | { ok: true; api: ResolvedApi; url: URL }
  | { ok: false; code: 'path_invalid' | 'api_not_allowed' };

// Encoded `/`, `\`, `.`, `%` (double encoding) and NUL, and raw control characters: an upstream that
// decodes once more would see another path than the one allowed here.
const ENCODED_TRICK = /%(2f|5c|2e|25|00)/i;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

// A segment's path parameters (`;x=1`, raw or encoded): Tomcat, Jetty and Spring drop them before
// resolving dot segments, so `/v1/..;/admin` is `/admin` there.
const PATH_PARAMETERS = /(;|%3b).*$/i;

/**
 * Whether a raw request path (as received, before any URL parsing) holds a trick: not starting with
 * `/` (an absolute-form URL), a backslash, an empty segment (`//`), a `.` or `..` segment (also
 * with path parameters: `..;`, `..%3B`), encoded slashes, backslashes, dots or percent signs, or
 * control characters. The Fetch API's URL parser resolves dot segments before a handler sees them,
 * so the node:http adapter also passes the raw path, and both are checked.
 */
export function pathHasTrick(rawPath: string): boolean {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || rawPath.includes('//')) return true;
  if (ENCODED_TRICK.test(rawPath) || CONTROL.test(rawPath)) return true;
  return rawPath.split('/').some((segment) => {
    const bare = segment.replace(PATH_PARAMETERS, '');
    return bare === '.' || bare === '..';
  });
}

/** Whether `path` is `prefix` or below it, by whole segments. */
export function isUnderPrefix(path: string, prefix: string): boolean {
  if (prefix === '/' || path === prefix) return true;
  return path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/**
 * The upstream URL for a proxied request. `pathname` is the request's path (from `{prefix}/api/`
 * on), `search` its query string (forwarded as is), `rawPath` the path as received when the
 * adapter knows it.
 */
export function proxyTarget(
  apiRoot: string,
  pathname: string,
  search: string,
  apis: ReadonlyMap<string, ResolvedApi>,
  rawPath?: string,
): ProxyTarget {
  if (pathHasTrick(pathname) || (rawPath !== undefined && pathHasTrick(rawPath))) {
    return { ok: false, code: 'path_invalid' };
  }
  const rest = pathname.slice(apiRoot.length);
  const slash = rest.indexOf('/');
  const name = slash < 0 ? rest : rest.slice(0, slash);
  const api = apis.get(name);
  if (!api) return { ok: false, code: 'api_not_allowed' };
  const subPath = slash < 0 ? '' : rest.slice(slash);
  const basePath = api.base.pathname.replace(/\/$/, '');
  const path = `${basePath}${subPath}` || '/';
  // Built from the configured origin and a checked path, never by resolving a relative reference,
  // and verified after: the origin cannot change and the path must survive URL parsing unchanged.
  const url = new URL(api.base.origin);
  url.pathname = path;
  url.search = search;
  if (url.origin !== api.base.origin || url.pathname !== path) {
    return { ok: false, code: 'path_invalid' };
  }
  if (!isUnderPrefix(path, api.pathPrefix)) return { ok: false, code: 'api_not_allowed' };
  return { ok: true, api, url };
}
