// Every answer the BFF writes itself: JSON, redirects and error pages, all with the same security
// headers. The error code (and its cause, for operators) rides along for the log line, outside the
// response the browser gets.
import { createHash } from 'node:crypto';
import { BffError, type BffErrorCode } from './errors';

/** Headers on every response the BFF writes itself (proxied answers get their own, see proxy). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Session data, sign-in redirects and error pages are per user and short-lived: no cache keeps them.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // The callback URL holds a code and state: nothing this origin serves may leak it onward.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const noted = new WeakMap<Response, { code: BffErrorCode; cause: unknown }>();

/** The error code (and cause) a response was written for, if any: for the log line only. */
export const errorNoteOf = (response: Response) => noted.get(response);

function withHeaders(extra: HeadersInit | undefined, contentType?: string): Headers {
  const headers = new Headers(SECURITY_HEADERS);
  if (contentType) headers.set('content-type', contentType);
  for (const [name, value] of new Headers(extra)) {
    // Set-Cookie must be appended: several may go out at once.
    if (name === 'set-cookie') headers.append(name, value);
    else headers.set(name, value);
  }
  return headers;
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: withHeaders(headers, 'application/json; charset=utf-8'),
  });
}

/** `Retry-After` for an error that says when trying again may help, followed by `extra`. */
function retryHeaders(error: BffError, extra?: HeadersInit): HeadersInit | undefined {
  if (error.retryAfterSeconds === undefined) return extra;
  const headers = new Headers(extra);
  headers.set('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  return headers;
}

/** `{ error, error_description }` with the error's status (and `Retry-After` when it has one). */
export function jsonError(error: BffError, headers?: HeadersInit): Response {
  const response = json(
    error.status,
    { error: error.code, error_description: error.message },
    retryHeaders(error, headers),
  );
  noted.set(response, { code: error.code, cause: error.cause });
  return response;
}

/**
 * An OAuth-style error for a server-to-server caller (the IdP's back-channel logout):
 * `{ error: oauthError, error_description }` with the error's status. The log line gets the BFF's
 * own code and the error itself as the cause: which check failed, and why (never a token).
 */
export function oauthJsonError(error: BffError, oauthError: string): Response {
  const response = json(
    error.status,
    { error: oauthError, error_description: error.message },
    retryHeaders(error),
  );
  noted.set(response, { code: error.code, cause: error });
  return response;
}

/** A 302 to `location` (a path on this origin or the IdP's authorization endpoint). */
export function redirect(location: string, headers?: HeadersInit): Response {
  const all = withHeaders(headers);
  all.set('location', location);
  return new Response(null, { status: 302, headers: all });
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;color:#1a1a1a;background:#f6f7f9}' +
  'main{max-width:36rem;margin:auto;background:#fff;padding:2rem;border-radius:8px}' +
  'code{background:#eef;padding:0 .25rem}';
// The page's only style, allowed by its hash: the page runs no script and loads nothing.
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What the error page says for each code a browser can land on. */
const PAGE_TEXT: Partial<Record<BffErrorCode, string>> = {
  return_to_invalid: 'The page to come back to after sign-in is not part of this app.',
  callback_state_mismatch:
    'This sign-in was not started in this browser, was already completed, or took too long.',
  callback_iss_mismatch: 'The sign-in answer did not come from the expected identity provider.',
  callback_error: 'The identity provider did not sign you in.',
  callback_exchange_failed: 'The identity provider refused to complete the sign-in.',
  id_token_invalid: 'The identity provider’s answer failed a security check.',
  token_not_bound: 'The identity provider issued a token this app does not accept.',
  callback_invalid: 'The sign-in answer was incomplete.',
  login_failed: 'The identity provider refused to start the sign-in.',
  idp_unavailable: 'The identity provider could not be reached. Please try again in a moment.',
  session_store_unavailable: 'Sign-in is unavailable for a moment. Please try again shortly.',
  session_lock_timeout: 'Your session is busy for a moment. Please try again shortly.',
};

/**
 * An HTML page that says what went wrong, with a plain link back to the app: no script, no
 * automatic redirect, so a failing sign-in can never loop. The IdP's error and description are
 * shown escaped (the callback only passes them on once `state` matched this browser's sign-in).
 */
export function errorPage(error: BffError): Response {
  const idp =
    error.oauthError === undefined
      ? ''
      : `<p>The identity provider said: <code data-oauth-error>${escapeHtml(error.oauthError.slice(0, 64))}</code>${
          error.oauthErrorDescription
            ? ` — ${escapeHtml(error.oauthErrorDescription.slice(0, 300))}`
            : ''
        }</p>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign-in problem</title><style>${STYLE}</style></head><body><main><h1>We could not sign you in</h1><p>${escapeHtml(PAGE_TEXT[error.code] ?? 'Something went wrong.')}</p>${idp}<p>Error code: <code data-error-code="${error.code}">${error.code}</code></p><p><a href="/">Back to the app</a></p></main></body></html>`;
  const response = new Response(html, {
    status: error.status,
    headers: withHeaders(
      retryHeaders(error, { 'content-security-policy': PAGE_CSP }),
      'text/html; charset=utf-8',
    ),
  });
  noted.set(response, { code: error.code, cause: error.cause });
  return response;
}

/** The 500 answer for a failure the BFF did not expect; the cause goes to the log only. */
export function internalError(cause: unknown): Response {
  return jsonError(
    new BffError('internal_error', 'The BFF failed unexpectedly.', { status: 500, cause }),
  );
}
