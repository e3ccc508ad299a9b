import { AuthError, bearerChallenge, type AuthRequestInit } from '@sesame/core';

/** What the mock's `fetch` needs from the mock client. */
export interface FetchDeps {
  apiOrigins: readonly string[];
  getAccessToken(options?: { forceRefresh: { rejectedToken: string } }): Promise<string>;
  /** Who is signed in now (`null`: nobody). */
  currentSub(): string | null;
  /** Ends the session with `error`, unless the current token is no longer `rejectedToken`. */
  endSession(error: AuthError, rejectedToken: string): void;
  /** The transport; looked up per call so a stub installed after the mock was made is used. */
  transport(): (request: Request) => Promise<Response>;
  /** Every request handed to the transport, in order. */
  sent: Request[];
}

type RequestCode =
  'token_origin_not_allowed' | 'unauthorized' | 'insufficient_scope' | 'body_not_replayable';

const requestError = (
  code: RequestCode,
  message: string,
  response?: Response,
  retryable = false,
) => {
  const challenge = bearerChallenge(response?.headers.get('www-authenticate') ?? null);
  return new AuthError(code, message, {
    step: 'request',
    retryable,
    ...(challenge && {
      challenge,
      ...(challenge.error && { oauthError: challenge.error }),
      ...(challenge.error_description && { oauthErrorDescription: challenge.error_description }),
    }),
  });
};

/**
 * The rules of core's `client.fetch`, over a replaceable transport: `auth: 'auto'` attaches the mock
 * token for an exact `apiOrigins` match only, `'required'` rejects `token_origin_not_allowed` elsewhere,
 * `'none'` never attaches it; a 401 → one shared refresh → one retry → `unauthorized` (session ended);
 * a stream body is not retried; a 403 `insufficient_scope` rejects; no response → `network_error`;
 * an answer that arrives once another user (or nobody) is signed in is dropped → `user_changed`, and
 * a 401 seen by a user who has changed meanwhile is neither refreshed nor retried.
 */
export async function mockFetch(
  deps: FetchDeps,
  input: RequestInfo | URL,
  init: AuthRequestInit = {},
): Promise<Response> {
  const { auth = 'auto', ...rest } = init;
  const base = typeof location === 'undefined' ? undefined : location.href;
  const original = input instanceof Request ? input : new Request(new URL(String(input), base));
  const allowed = deps.apiOrigins.includes(new URL(original.url).origin);

  const send = async (headers: Headers | undefined, redirect?: RequestRedirect) => {
    const request = new Request(original.clone(), {
      ...rest,
      ...(headers && { headers }),
      ...(redirect && { redirect }),
    });
    deps.sent.push(request);
    try {
      return await deps.transport()(request);
    } catch (error) {
      if (rest.signal?.aborted || (error as Error | null)?.name === 'AbortError') throw error;
      throw new AuthError('network_error', 'The request got no response.', {
        step: 'request',
        retryable: true,
        cause: error,
      });
    }
  };

  if (auth === 'none' || (auth === 'auto' && !allowed)) return send(undefined);
  if (!allowed) {
    throw requestError(
      'token_origin_not_allowed',
      `${new URL(original.url).origin} is not in apiOrigins, so it may not receive the access token.`,
    );
  }
  const token = await deps.getAccessToken();
  const sub = deps.currentSub();
  // As core: an answer meant for one user is never handed to the next one (nor retried as them).
  const sameUser = (response?: Response) => {
    if (deps.currentSub() === sub) return response!;
    void response?.body?.cancel().catch(() => {});
    throw new AuthError(
      'user_changed',
      'The signed-in user changed during the request; its answer was dropped.',
      { step: 'request' },
    );
  };
  const replayable = typeof (rest.body as ReadableStream | null)?.getReader !== 'function';
  const attempt = (bearer: string) => {
    const headers = new Headers(rest.headers ?? original.headers);
    headers.set('authorization', `Bearer ${bearer}`);
    return send(headers, rest.redirect ?? 'error');
  };

  let response = sameUser(await attempt(token));
  if (response.status === 401) {
    const fresh = await deps.getAccessToken({ forceRefresh: { rejectedToken: token } });
    sameUser();
    if (!replayable) {
      throw requestError(
        'body_not_replayable',
        'The API rejected the token (401) and the request body is a stream; send it again with a new body.',
        response,
        true,
      );
    }
    response = sameUser(await attempt(fresh));
    if (response.status === 401) {
      const error = requestError(
        'unauthorized',
        'The API rejected a freshly refreshed access token (401 twice); the session has ended.',
        response,
      );
      deps.endSession(error, fresh);
      throw error;
    }
  }
  if (
    response.status === 403 &&
    bearerChallenge(response.headers.get('www-authenticate'))?.error === 'insufficient_scope'
  ) {
    throw requestError(
      'insufficient_scope',
      'The access token lacks a scope this request needs.',
      response,
    );
  }
  return response;
}
