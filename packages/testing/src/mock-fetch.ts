import { AuthError } from '@sesame/core';

/** What the mock's `fetch` needs from the client. */
export interface FetchDeps {
  apiOrigins: readonly string[];
  getAccessToken(options?: { forceRefresh: { rejectedToken: string } }): Promise<string>;
  /** Called when the retried request is rejected too: the session is over. */
  endSession(error: AuthError): void;
  /** The transport; looked up per call so a stub installed after the mock was made is used. */
  transport(): (request: Request) => Promise<Response>;
  /** Every request handed to the transport, in order. */
  sent: Request[];
}

function toRequest(input: RequestInfo | URL, init: RequestInit | undefined): Request {
  if (input instanceof Request) return new Request(input, init);
  // Relative URLs resolve against the page, as they do in a browser.
  const base = typeof location === 'undefined' ? undefined : location.href;
  return new Request(new URL(String(input), base), init);
}

function withToken(request: Request, token: string): Request {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

/**
 * The same rules as core's `client.fetch`: a bearer token only for an allow-listed origin (exact
 * match), and on a 401 one refresh (shared by every caller that saw the same token) and one retry.
 */
export async function mockFetch(
  deps: FetchDeps,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const request = toRequest(input, init);
  const send = (r: Request) => {
    deps.sent.push(r);
    return deps.transport()(r);
  };
  if (!deps.apiOrigins.includes(new URL(request.url).origin)) return send(request);

  const token = await deps.getAccessToken();
  // Keep an unread copy for the retry; a stream body cannot be sent twice.
  const spare = init?.body instanceof ReadableStream ? null : request.clone();
  const response = await send(withToken(request, token));
  if (response.status !== 401) return response;
  if (!spare) {
    throw new AuthError(
      'body_not_replayable',
      'The API rejected the token, and the request body is a stream that cannot be sent again.',
      { step: 'request' },
    );
  }
  const fresh = await deps.getAccessToken({ forceRefresh: { rejectedToken: token } });
  const retried = await send(withToken(spare, fresh));
  if (retried.status !== 401) return retried;
  const error = new AuthError('unauthorized', 'The API rejected a freshly refreshed token.', {
    step: 'request',
  });
  deps.endSession(error);
  throw error;
}
