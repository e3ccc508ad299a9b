// Where the browser goes after sign-in: only a path on the app's own origin, decided here once.

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;
const PROBE = 'https://return-to.invalid';

/**
 * `returnTo` when it is a safe same-origin path, `'/'` when it is absent or empty, or `undefined`
 * when it must be refused: not starting with a single `/` (`//evil`, `https://evil`, `evil`), a
 * backslash (browsers read `/\evil` as `//evil`), control characters, over 2,048 characters, or a
 * path into the BFF itself (`prefix`), which would start another sign-in: a loop.
 */
export function safeReturnTo(value: string | null, prefix: string): string | undefined {
  if (value === null || value === '') return '/';
  if (value.length > 2048 || CONTROL.test(value) || value.includes('\\')) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(value, PROBE);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE) return undefined;
  if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) return undefined;
  return value;
}
