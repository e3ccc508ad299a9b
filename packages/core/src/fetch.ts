import { AuthError } from './errors';
import { DEV, type DevMessage, type LogEvent } from './dev';
import type { AuthRequestInit, GetAccessTokenOptions } from './types';
import { bearerChallenge } from './www-authenticate';

/** What the auth-aware fetch needs from the engine (and nothing else: it never sees the store). */
export interface AuthFetchDeps {
  apiOrigins: readonly string[];
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /** Who is signed in now (`null`: nobody). */
  currentSub(): string | null;
  /** Ends the session with `error`, unless the current access token is no longer `rejectedToken`. */
  endSession(error: AuthError, rejectedToken: string): void;
  log(event: LogEvent, data?: Record<string, unknown>): void;
  /**
   * What sends each request. Default: the global `fetch`, looked up per request (so MSW or a stub
   * installed later is used). @sesame/testing passes its own, to run these very rules over a mock.
   */
  transport?: typeof fetch;
  /** With DPoP on (dpop-fetch.ts): wraps the transport of token-bearing requests, which then go out as DPoP. */
  dpop?: ((transport?: typeof fetch) => typeof fetch) | undefined;
}

const requestError = (
  code: 'token_origin_not_allowed' | 'unauthorized' | 'insufficient_scope' | 'body_not_replayable',
  message: DevMessage,
  challenge?: Record<string, string>,
  retryable = false,
) =>
  new AuthError(code, message, {
    step: 'request',
    retryable,
    ...(challenge && {
      challenge,
      ...(challenge.error && { oauthError: challenge.error }),
      ...(challenge.error_description && { oauthErrorDescription: challenge.error_description }),
    }),
  });

/** Drops a body we will not read, so the connection can be reused. */
const discard = (response: Response) => void response.body?.cancel().catch(() => {});

/** `transport`, with a failure to get any response turned into a retryable `network_error` (aborts pass through). */
async function send(
  transport: typeof fetch | undefined,
  input: RequestInfo | URL,
  init: RequestInit,
): Promise<Response> {
  try {
    return await (transport ?? fetch)(input, init);
  } catch (error) {
    // Aborts, and DPoP's own verdicts (dpop-fetch.ts), pass through as they are.
    if (
      init.signal?.aborted ||
      (error as Error | null)?.name === 'AbortError' ||
      error instanceof AuthError
    ) {
      throw error;
    }
    throw new AuthError(
      'network_error',
      DEV &&
        'No response (offline, refused, CORS, or a redirect a token-bearing request does not follow).',
      { step: 'request', retryable: true, cause: error },
    );
  }
}

/**
 * Builds `client.fetch`: `fetch` plus the access token for allow-listed API origins, and the one
 * allowed recovery from a 401 (refresh once, shared with every caller; retry once).
 */
export function createAuthFetch({
  apiOrigins,
  getAccessToken,
  currentSub,
  endSession,
  log,
  transport,
  dpop,
}: AuthFetchDeps) {
  const tokenTransport = dpop ? dpop(transport) : transport;
  return async function authFetch(
    input: RequestInfo | URL,
    init: AuthRequestInit = {},
  ): Promise<Response> {
    const { auth = 'auto', ...rest } = init;
    const isRequest = typeof Request !== 'undefined' && input instanceof Request;
    // Exact origin membership, resolved like the browser resolves the URL: never a prefix match.
    const url = new URL(
      isRequest ? input.url : String(input),
      typeof location === 'undefined' ? undefined : location.href,
    );
    const allowed = apiOrigins.includes(url.origin);
    if (auth === 'none' || (auth === 'auto' && !allowed)) {
      // `auth`: 'auto' when the origin is not an API's, 'none' when the caller said so.
      log(DEV ? 'not attaching token' : 15, { origin: url.origin, auth });
      return send(transport, isRequest ? input : url, rest);
    }
    if (!allowed) {
      throw requestError('token_origin_not_allowed', DEV && `${url.origin} is not in apiOrigins.`);
    }
    // Signed out: getAccessToken rejects login_required before any request goes out.
    const token = await getAccessToken();
    log(DEV ? 'sending with a token' : 60, { origin: url.origin });
    const sub = currentSub();
    const signal = rest.signal ?? (isRequest ? input.signal : undefined);
    signal?.throwIfAborted();
    // A stream can be read once; anything else (string, Blob, FormData, URLSearchParams, a Request,
    // which is cloned) can be sent again after a refresh.
    const replayable = typeof (rest.body as ReadableStream | null)?.getReader !== 'function';
    // An answer meant for one user is never handed over (nor retried as someone else) once another user,
    // or nobody, is signed in: an app writing it into a cache in onSuccess would show it to the next user.
    const sameUser = (response?: Response) => {
      if (currentSub() === sub) return response!;
      if (response) discard(response);
      throw new AuthError(
        'user_changed',
        DEV && 'The signed-in user changed during the request; its answer was dropped.',
        { step: 'request' },
      );
    };
    const attempt = (bearer: string) => {
      const headers = new Headers(rest.headers ?? (isRequest ? input.headers : undefined));
      headers.set('authorization', `Bearer ${bearer}`);
      return send(tokenTransport, isRequest ? input.clone() : url, {
        ...rest,
        headers,
        // Never follow a redirect with the token unless the caller opts in (see the README).
        redirect: rest.redirect ?? 'error',
      });
    };

    let response = sameUser(await attempt(token));
    if (response.status === 401) {
      log(DEV ? 'refreshing after 401' : 16);
      discard(response);
      const fresh = await getAccessToken({ forceRefresh: { rejectedToken: token } });
      signal?.throwIfAborted();
      sameUser();
      if (!replayable) {
        throw requestError(
          'body_not_replayable',
          DEV &&
            'Got 401, and a stream body cannot be sent twice; the token is refreshed: send again with a new body.',
          bearerChallenge(response.headers.get('www-authenticate')),
          true,
        );
      }
      log(DEV ? 'retrying after 401' : 17);
      response = sameUser(await attempt(fresh));
      if (response.status === 401) {
        const error = requestError(
          'unauthorized',
          DEV && 'The API refused a refreshed token (401 twice); the session has ended.',
          bearerChallenge(response.headers.get('www-authenticate')),
        );
        log(DEV ? 'session ended: API rejected a refreshed token' : 18, { origin: url.origin });
        discard(response);
        endSession(error, fresh);
        throw error;
      }
    }
    const challenge = bearerChallenge(response.headers.get('www-authenticate'));
    if (response.status === 403 && challenge?.error === 'insufficient_scope') {
      log(DEV ? '403 insufficient_scope' : 19, { scope: challenge.scope });
      discard(response);
      throw requestError(
        'insufficient_scope',
        DEV && `Missing scope: ${challenge.scope}.`,
        challenge,
      );
    }
    return response;
  };
}
