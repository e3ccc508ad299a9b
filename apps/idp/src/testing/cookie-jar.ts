interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  /** Epoch ms; undefined for a browser-session cookie. */
  expires: number | undefined;
  secure: boolean;
}

function defaultPath(url: URL): string {
  const { pathname } = url;
  if (!pathname.startsWith('/') || pathname.lastIndexOf('/') === 0) return '/';
  return pathname.slice(0, pathname.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function parseSetCookie(header: string, url: URL, now: number): StoredCookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    host: url.hostname,
    path: defaultPath(url),
    expires: undefined,
    secure: false,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'expires') {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expires = time;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'secure') cookie.secure = true;
  }
  // Max-Age wins over Expires (RFC 6265 §5.3).
  if (maxAge !== undefined) cookie.expires = now + maxAge * 1000;
  return cookie;
}

/**
 * A minimal browser cookie jar for driving the IdP over plain `fetch`: host-only cookies, path matching,
 * expiry (Expires and Max-Age) and the Secure flag. Enough for oidc-provider's session and interaction
 * cookies; not a general-purpose implementation (no Domain attribute, no public-suffix rules).
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores the `Set-Cookie` headers of a response to `url`. */
  store(url: string | URL, setCookieHeaders: readonly string[]): void {
    const target = new URL(url);
    const now = Date.now();
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, target, now);
      if (!cookie) continue;
      const key = `${cookie.host}\u0000${cookie.path}\u0000${cookie.name}`;
      if (cookie.expires !== undefined && cookie.expires <= now) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  /** The `Cookie` header a browser would send to `url`, or undefined when no cookie applies. */
  header(url: string | URL): string | undefined {
    const target = new URL(url);
    const now = Date.now();
    const matching = [...this.#cookies.values()]
      .filter(
        (cookie) =>
          cookie.host === target.hostname &&
          pathMatches(target.pathname, cookie.path) &&
          (cookie.expires === undefined || cookie.expires > now) &&
          (!cookie.secure || target.protocol === 'https:'),
      )
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0
      ? undefined
      : matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  /** Names of the cookies held for a host (tests). */
  names(host: string): string[] {
    return [...this.#cookies.values()].filter((c) => c.host === host).map((c) => c.name);
  }

  /** Forgets every cookie, like closing a private window. */
  clear(): void {
    this.#cookies.clear();
  }
}
