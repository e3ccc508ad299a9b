// "Simulate a 401 on the next request": the next token-bearing request gets a 401 answer without
// being sent, as an API refusing the token would answer, so core's real rule (one refresh, one
// retry) runs on it; the panel only stands in for the API, core decides (core has no such hook: an
// app would ship it). Core's fetch looks the global
// `fetch` up per request, so wrapping it once is enough; the wrapper removes itself after one use.

/** The header an API's refusal of a token carries (RFC 6750). */
const CHALLENGE = 'Bearer error="invalid_token", error_description="simulated by Sesame devtools"';

function carriesToken(input: RequestInfo | URL, init?: RequestInit): boolean {
  const headers = new Headers(
    init?.headers ?? (input instanceof Request ? input.headers : undefined),
  );
  return headers.has('authorization');
}

/** Answers the next request that carries an `Authorization` header with a 401. Returns cancel. */
export function failNextTokenRequest(): () => void {
  const original = globalThis.fetch;
  const wrapper: typeof fetch = (input, init) => {
    if (!carriesToken(input, init)) return original(input, init);
    cancel();
    return Promise.resolve(
      new Response(null, { status: 401, headers: { 'WWW-Authenticate': CHALLENGE } }),
    );
  };
  const cancel = () => {
    if (globalThis.fetch === wrapper) globalThis.fetch = original;
  };
  globalThis.fetch = wrapper;
  return cancel;
}
