// How the BFF-mode client talks to the BFF: the CSRF header, a failure to get any answer, and what
// an answer the contract does not allow means. Shared by the session check, sign-out and `fetch`.
import { AuthError, type AuthStep } from './errors';
import { DEV, type DevMessage } from './dev';

/**
 * The header the BFF wants on `/session`, `/logout` and every `/api` request. A page on another
 * site cannot send it without a CORS preflight, which the BFF never grants (no token to steal, no
 * state to change).
 */
export const CSRF_HEADER = 'x-sesame-csrf';

/**
 * The global `fetch`, looked up per request (so a stub installed later is used), with a failure to
 * get any response turned into a retryable `network_error`. Aborts pass through as they are.
 */
export async function send(
  input: RequestInfo | URL,
  init: RequestInit,
  step: AuthStep,
): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (init.signal?.aborted || (error as Error | null)?.name === 'AbortError') throw error;
    throw new AuthError('network_error', DEV && 'No response from the server (offline, refused).', {
      step,
      retryable: true,
      cause: error,
    });
  }
}

/** A request to the BFF itself: same-origin cookies, the CSRF header, never a cached answer. */
export const toBff = (url: string, step: AuthStep, method = 'GET'): Promise<Response> =>
  send(
    url,
    {
      method,
      headers: { [CSRF_HEADER]: '1' },
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    },
    step,
  );

/** The `error` code of a BFF's JSON error body (`{ "error": "login_required" }`), read from a clone. */
export async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const { error } = (await response.clone().json()) as { error?: unknown };
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined; // not JSON, or no body
  }
}

/** Drops a body nobody will read, so the connection can be reused. */
export const discard = (response: Response) => void response.body?.cancel().catch(() => {});

/**
 * The error for an answer the caller has no use for: a server in trouble (5xx, 408, 429) is a
 * retryable `network_error`, as in browser mode; anything else breaks the contract
 * (`bff_response_invalid`, with the BFF's `error` code when it sent one).
 */
export async function unexpectedAnswer(
  response: Response,
  step: AuthStep,
  message: DevMessage,
): Promise<AuthError> {
  const { status } = response;
  const code = await errorCode(response);
  discard(response);
  const busy = status >= 500 || status === 408 || status === 429;
  return new AuthError(
    busy ? 'network_error' : 'bff_response_invalid',
    DEV && `${message} (HTTP ${status}${code ? `, ${code}` : ''}).`,
    { step, retryable: busy, ...(code && { oauthError: code }) },
  );
}
