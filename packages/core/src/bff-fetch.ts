// `client.fetch` in BFF mode: which requests go to the BFF's API proxy with the session (the CSRF
// header, same-origin cookies), and what the BFF's 401 and 403 answers mean. The rules are core's
// (fetch.ts) where they apply: `auth` 'auto' | 'required' | 'none', `token_origin_not_allowed`
// before any request, `user_changed`, `insufficient_scope`, a refused session ends it here. The
// 401 → refresh → retry once rule runs in the BFF, so a 401 here is final.
import { AuthError } from './errors';
import { DEV, type DevMessage, type LogEvent } from './dev';
import { CSRF_HEADER, discard, errorCode, send } from './bff-http';
import type { AuthRequestInit } from './types';
import { bearerChallenge } from './www-authenticate';

/** What the BFF-mode fetch needs from the client. */
export interface BffFetchDeps {
  /** `{baseUrl}/api/`: the path prefix of the BFF's API proxy on this origin. */
  apiPath: string;
  /** Settles when the first session check has (starting it if need be). */
  ready(): Promise<void>;
  /** Who is signed in now (`null`: nobody). */
  currentSub(): string | null;
  /** The BFF refused the session (401): it is over here. */
  sessionEnded(error: AuthError): void;
  log(event: LogEvent, data?: Record<string, unknown>): void;
}

/**
 * Whether `url` is a request for the BFF's API proxy: exactly this page's origin (the session cookie
 * is host-only) and a path under `apiPath`. The URL is already resolved, so `/bff/api/../session`
 * has become `/bff/session` and does not count.
 */
export const isBffApiUrl = (url: URL, apiPath: string, origin: string): boolean =>
  url.origin === origin && url.pathname.startsWith(apiPath);

const requestError = (
  code: 'token_origin_not_allowed' | 'login_required' | 'unauthorized' | 'insufficient_scope',
  message: DevMessage,
  challenge?: Record<string, string>,
  oauthError = challenge?.error,
) =>
  new AuthError(code, message, {
    step: 'request',
    ...(oauthError && { oauthError }),
    ...(challenge && { challenge }),
    ...(challenge?.error_description && { oauthErrorDescription: challenge.error_description }),
  });

/** Builds `client.fetch` for BFF mode. */
export function createBffFetch({ apiPath, ready, currentSub, sessionEnded, log }: BffFetchDeps) {
  return async function bffFetch(
    input: RequestInfo | URL,
    init: AuthRequestInit = {},
  ): Promise<Response> {
    const { auth = 'auto', ...rest } = init;
    const isRequest = typeof Request !== 'undefined' && input instanceof Request;
    // Resolved as the browser resolves it; without a page (a server) nothing is the BFF's API.
    const page = typeof location === 'undefined' ? undefined : location;
    const url = new URL(isRequest ? input.url : String(input), page?.href);
    const api = !!page && isBffApiUrl(url, apiPath, page.origin);
    if (auth === 'none' || (auth === 'auto' && !api)) {
      if (auth === 'auto') log(DEV ? 'plain request: not the BFF API' : 43, { origin: url.origin });
      // As given: no CSRF header, the caller's own credentials mode.
      return send(isRequest ? input : url, rest, 'request');
    }
    if (!api) {
      throw requestError(
        'token_origin_not_allowed',
        DEV && `${url.origin}${url.pathname} is not under ${apiPath} on this origin.`,
      );
    }
    const checked = ready();
    // A user already known (a reload starts from this tab's last check, bff-session-cache.ts) does
    // not wait for the first check to send: the BFF checks the cookie on this request anyway.
    if (currentSub() === null) await checked;
    const sub = currentSub();
    if (sub === null) {
      throw requestError('login_required', DEV && 'Nobody is signed in.');
    }
    const headers = new Headers(rest.headers ?? (isRequest ? input.headers : undefined));
    headers.set(CSRF_HEADER, '1');
    // Not followed: a redirect to `{baseUrl}/api/…` would carry the CSRF header, the cookie and the
    // body to wherever the upstream chose (fetch.ts does the same for requests with a token).
    const response = await send(
      isRequest ? input : url,
      { ...rest, headers, credentials: 'same-origin', redirect: rest.redirect ?? 'error' },
      'request',
    );
    // No answer is handed over before the first check has said who is signed in, and one meant
    // for one user is never handed to the next (fetch.ts, `sameUser`). A 401 while nobody is signed
    // in now holds no one's data: it says why below (a kept session the BFF no longer has).
    await checked;
    const { status } = response;
    const now = currentSub();
    if (now !== sub && (now !== null || status !== 401)) {
      discard(response);
      throw new AuthError(
        'user_changed',
        DEV && 'The signed-in user changed during the request; its answer was dropped.',
        { step: 'request' },
      );
    }
    if (status === 401) {
      // The BFF has refreshed and retried already: `login_required` (no session, or the IdP refused
      // the refresh) or `unauthorized` (the API refused the refreshed token). Either way it is over.
      const code = await errorCode(response);
      discard(response);
      const challenge = bearerChallenge(response.headers.get('www-authenticate'));
      const error =
        code === 'login_required'
          ? requestError(
              'login_required',
              DEV && 'The BFF has no session for this browser any more; sign in again.',
              undefined,
              code,
            )
          : requestError(
              'unauthorized',
              DEV && 'The API refused the session after the BFF refreshed and retried (401).',
              challenge,
              code ?? challenge?.error,
            );
      log(
        error.code === 'login_required'
          ? DEV
            ? 'session ended at the BFF'
            : 40
          : DEV
            ? 'session ended: API rejected a refreshed token'
            : 18,
        { origin: url.origin },
      );
      sessionEnded(error);
      throw error;
    }
    if (status === 403) {
      const challenge = bearerChallenge(response.headers.get('www-authenticate'));
      if ((challenge?.error ?? (await errorCode(response))) === 'insufficient_scope') {
        log(DEV ? '403 insufficient_scope' : 19, { scope: challenge?.scope });
        discard(response);
        throw requestError(
          'insufficient_scope',
          DEV && `Missing scope: ${challenge?.scope ?? 'not named'}.`,
          challenge ?? { error: 'insufficient_scope' },
        );
      }
    }
    return response;
  };
}
