// Each `client.fetch` on the Requests tab with its answer, in both modes: core reports its token
// decision (60, 15, 43) and the 401 rule, but not the status, since an event per answer would cost
// every app bytes. The devtools wrap the client's `fetch` instead (development only) and report when
// each call starts and how it settles; requests.ts joins the two.
import type { AuthClient } from '@sesame/core';
import { DEVTOOLS_EVENT } from './devtools-events';
import type { Emit } from './tab-watch';

function target(input: RequestInfo | URL, init: RequestInit | undefined) {
  const isRequest = typeof Request !== 'undefined' && input instanceof Request;
  const base = typeof location === 'undefined' ? undefined : location.href;
  // Origin and path only: a query string is the app's business (and could hold anything).
  const url = new URL(isRequest ? input.url : String(input), base);
  const method = (init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
  return { method, origin: url.origin, path: url.pathname };
}

/**
 * Wraps `client.fetch` to report 93 (started) and 94 (settled: the status, or the error's code)
 * for each call, numbered by `request`. Returns stop, which puts the client's own `fetch` back.
 */
export function watchFetch(client: AuthClient, emit: Emit): () => void {
  const original = client.fetch;
  let count = 0;
  const watched: AuthClient['fetch'] = async (input, init) => {
    const request = ++count;
    try {
      emit(DEVTOOLS_EVENT.fetchStarted, { request, ...target(input, init) });
    } catch {
      // An unparsable URL: core's fetch rejects it itself.
    }
    try {
      const response = await original.call(client, input, init);
      emit(DEVTOOLS_EVENT.fetchSettled, { request, status: response.status });
      return response;
    } catch (error) {
      // An AuthError's code, or an error's name (AbortError, TypeError for a network failure): a
      // DOMException's `code` is a legacy number (20 for an abort), not a name.
      const { code, name } = Object(error) as { code?: unknown; name?: unknown };
      emit(DEVTOOLS_EVENT.fetchSettled, {
        request,
        code: typeof code === 'string' ? code : String(name ?? 'error'),
      });
      throw error;
    }
  };
  try {
    (client as { fetch: AuthClient['fetch'] }).fetch = watched;
  } catch {
    return () => {}; // a frozen client: requests show core's events only
  }
  return () => {
    if (client.fetch === watched) (client as { fetch: AuthClient['fetch'] }).fetch = original;
  };
}
