import type { AuthClient, AuthRequestInit } from '@sesame/core';
import { HttpError } from './http-error';

/** `client.fetch`'s init plus `json`: a value sent as a JSON body (with its content type). */
export interface JsonRequestInit extends AuthRequestInit {
  json?: unknown;
}

/**
 * Calls `auth.fetch` and reads the JSON answer. Resolves with the parsed body of a 2xx (`undefined`
 * when empty); rejects with {@link HttpError} for any other status, and with `auth.fetch`'s own
 * `AuthError`s (`login_required`, `unauthorized`, `insufficient_scope`, `network_error`...).
 * Pass TanStack Query's `signal` so a cancelled query aborts its request.
 *
 * @example
 * useQuery({ queryKey: ['accounts'], queryFn: ({ signal }) => fetchJson<Accounts>(auth, `${API}/accounts`, { signal }) })
 */
export async function fetchJson<T = unknown>(
  auth: Pick<AuthClient, 'fetch'>,
  input: RequestInfo | URL,
  { json, ...init }: JsonRequestInit = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = JSON.stringify(json);
  }
  const response = await auth.fetch(input, { ...init, headers });
  const text = await response.text();
  let body: unknown = text || undefined;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text (an empty body too: undefined)
  }
  if (!response.ok) throw new HttpError(response.status, body);
  return body as T;
}
