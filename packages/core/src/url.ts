import { AuthError } from './errors';
import { DEV } from './dev';

/** Parameters an authorization response adds to the redirect URI; removed from the address bar. */
const CALLBACK_PARAMS = [
  'code',
  'state',
  'iss',
  'session_state',
  'error',
  'error_description',
  'error_uri',
];

/**
 * A same-origin path such as `/accounts/1?tab=history#top`. Refuses anything a browser could read as
 * another origin or a script: `//evil`, `/\evil`, `https://evil`, `javascript:`, control characters.
 */
export function isSafeReturnTo(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 2048 &&
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
    /^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/.test(value)
  );
}

/** Returns `value` when it is a safe same-origin path; throws `return_to_invalid` otherwise. */
export function checkReturnTo(value: unknown): string {
  if (!isSafeReturnTo(value)) {
    throw new AuthError(
      'return_to_invalid',
      DEV && 'returnTo must be a path on this origin, like "/accounts?id=1#top".',
      { step: 'sign_in' },
    );
  }
  return value;
}

/** True when `url` is the redirect URI's path carrying an authorization response (`state` with `code` or `error`). */
export function isAuthorizationResponse(url: string, redirectUri: string): boolean {
  try {
    const at = new URL(url);
    const expected = new URL(redirectUri);
    const params = at.searchParams;
    return (
      at.origin + at.pathname === expected.origin + expected.pathname &&
      params.has('state') &&
      (params.has('code') || params.has('error'))
    );
  } catch {
    return false;
  }
}

// A real authorization response (code, state, iss, session_state) is well under 1 KB.
const MAX_RESPONSE_QUERY_LENGTH = 8 * 1024;

/**
 * Throws `callback_invalid` for an authorization response no IdP sends: an oversize query, or a
 * protocol parameter given twice (RFC 6749 §3.1 forbids it; which copy would count is anyone's guess).
 */
export function checkResponseShape(url: string): void {
  const { search, searchParams } = new URL(url);
  const repeated = CALLBACK_PARAMS.find((name) => searchParams.getAll(name).length > 1);
  if (search.length > MAX_RESPONSE_QUERY_LENGTH || repeated) {
    throw new AuthError(
      'callback_invalid',
      DEV &&
        (repeated
          ? `The sign-in response has the parameter "${repeated}" more than once.`
          : 'The sign-in response is too large.'),
      { step: 'callback' },
    );
  }
}

/** `url` without the authorization response parameters (and without any query at all when it is oversize). */
export function withoutCallbackParams(url: string): string {
  const clean = new URL(url);
  // An oversize query was refused as a whole; none of it is the app's to keep.
  if (clean.search.length > MAX_RESPONSE_QUERY_LENGTH) clean.search = '';
  for (const name of CALLBACK_PARAMS) clean.searchParams.delete(name);
  return clean.href;
}
