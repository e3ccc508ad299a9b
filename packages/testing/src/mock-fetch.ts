import { createAuthFetch, type AuthFetchDeps } from '@sesame/core/internals';

/** What the mock's `fetch` needs from the mock client: the engine's side of core's fetch layer, and a stub. */
export interface MockFetchDeps extends Omit<AuthFetchDeps, 'log' | 'transport'> {
  /** The stub that answers; looked up per request, so one installed after the mock was made is used. */
  transport(): (request: Request) => Promise<Response>;
  /** Every request handed to the stub, in order. */
  sent: Request[];
}

/**
 * The mock's `client.fetch`: core's own fetch layer (`createAuthFetch`, the code `createAuthClient`
 * runs), so which origin gets the token, 401 → one shared refresh → one retry, a 403
 * `insufficient_scope`, `user_changed` and `network_error` are decided by core, never copied here.
 * Only the transport is the mock's: it turns each send into a `Request`, records it, and hands it to
 * the stub (MSW sees the same `Request` through the global `fetch`).
 */
export function createMockFetch({ transport, sent, ...engine }: MockFetchDeps) {
  return createAuthFetch({
    ...engine,
    log: () => {},
    transport(input, init) {
      const request = new Request(input, init);
      sent.push(request);
      return transport()(request);
    },
  });
}
