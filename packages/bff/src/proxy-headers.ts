// Which headers cross the proxy, each way. Upstream: nothing that authenticates the browser to the
// BFF (its Cookie above all: Duende.BFF once forwarded it), nothing hop-by-hop, nothing the BFF
// sets itself. Downstream: no Set-Cookie (an API must not plant cookies on the app's origin), no
// hop-by-hop, no CORS grants, nothing meant for the BFF alone.

/** RFC 9110 §7.6.1 hop-by-hop headers, and the older ones proxies still meet. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

const NOT_UPSTREAM = new Set([
  ...HOP_BY_HOP,
  'cookie',
  'authorization',
  'dpop',
  'host',
  'content-length',
  'origin',
  'referer',
  'x-sesame-csrf',
  'forwarded',
  // Client address claims, like X-Forwarded-*: the browser's word, not the BFF's.
  'x-real-ip',
  // Path overrides that some frameworks route by instead of the request line (IIS URL Rewrite,
  // older Symfony and Zend): forwarded, they would step around the API's allowed path prefix.
  'x-original-url',
  'x-rewrite-url',
  'expect',
  // fetch negotiates and decodes its own encoding.
  'accept-encoding',
]);
/** Header families of the browser-to-BFF hop: proxy chains and the browser's fetch metadata. */
const NOT_UPSTREAM_PREFIXES = ['x-forwarded-', 'sec-'];

const NOT_DOWNSTREAM = new Set([
  ...HOP_BY_HOP,
  'set-cookie',
  'set-cookie2',
  // fetch has decoded the body already: the browser gets it plain, with its own length.
  'content-encoding',
  'content-length',
  // The API's DPoP nonce is for the BFF's proofs, not the browser.
  'dpop-nonce',
]);
const NOT_DOWNSTREAM_PREFIXES = ['access-control-'];

/** Header names listed in a `Connection` header: hop-by-hop for this one message. */
function connectionNamed(headers: Headers): Set<string> {
  const value = headers.get('connection');
  if (value === null) return new Set();
  return new Set(
    value
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

function copy(from: Headers, names: ReadonlySet<string>, prefixes: readonly string[]): Headers {
  const named = connectionNamed(from);
  const to = new Headers();
  for (const [name, value] of from) {
    if (names.has(name) || named.has(name) || prefixes.some((p) => name.startsWith(p))) continue;
    to.append(name, value);
  }
  return to;
}

/** The browser's request headers the upstream API may see. */
export const upstreamRequestHeaders = (incoming: Headers): Headers =>
  copy(incoming, NOT_UPSTREAM, NOT_UPSTREAM_PREFIXES);

/** The upstream answer's headers the browser may see, with the BFF's own security headers. */
export function downstreamResponseHeaders(upstream: Headers): Headers {
  const headers = copy(upstream, NOT_DOWNSTREAM, NOT_DOWNSTREAM_PREFIXES);
  headers.set('x-content-type-options', 'nosniff');
  // Per-user data: no shared cache keeps it unless the API says how.
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  return headers;
}
