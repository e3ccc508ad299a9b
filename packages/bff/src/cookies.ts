// The BFF's two cookies, read and written. The session cookie carries only an opaque random id;
// everything else stays in the session store.

/** How the BFF's cookies are written. */
export interface CookieSettings {
  /** Adds `Secure` (off only with `insecureDevCookies`, plain-http development). */
  secure: boolean;
}

/**
 * The value of cookie `name` in a `Cookie` request header, or undefined. The first occurrence
 * wins; browsers send the most specific (longest path) first, and `__Host-` cookies cannot be set
 * by another site or a subdomain at all.
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `Set-Cookie` for the session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Path=/ and no Domain (the `__Host-` rules), Secure. No Max-Age: the browser
 * drops it when it closes, and the server ends the session at its idle or absolute limit anyway.
 */
export function sessionCookie(name: string, value: string, settings: CookieSettings): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict${settings.secure ? '; Secure' : ''}`;
}

/**
 * `Set-Cookie` for the sign-in binding, which must come back on the IdP's redirect to the
 * callback: a top-level navigation from another site, which SameSite=Strict cookies miss, so it is
 * SameSite=Lax. It holds no session, only a random value tying a sign-in's `state` to this browser.
 */
export function loginCookie(
  name: string,
  value: string,
  maxAgeSeconds: number,
  settings: CookieSettings,
): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${settings.secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` that deletes cookie `name` (same attributes, so the browser matches it). */
export function clearedCookie(
  name: string,
  settings: CookieSettings,
  sameSite: 'Strict' | 'Lax' = 'Strict',
): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=${sameSite}${settings.secure ? '; Secure' : ''}`;
}
