// How the test browsers keep the cookies of an answer, as a browser would.

/** Keeps each `Set-Cookie` line's cookie in `jar` (name → value); `Max-Age=0` or an empty value deletes it. */
export function keepSetCookies(jar: Map<string, string>, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (/;\s*max-age=0/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
