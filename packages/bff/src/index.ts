/**
 * `@sesame/bff`: the backend-for-frontend for Sesame's BFF mode. Sign-in with openid-client (PAR,
 * private_key_jwt, PKCE, DPoP), a server-side session behind one HttpOnly cookie, and a proxy that
 * attaches the DPoP-bound access token: no token ever reaches the browser.
 *
 * @packageDocumentation
 */
export { createBff, type Bff, type BffRequestInfo } from './bff';
export { toNodeHandler, type NodeHandler } from './node';
export { DEFAULT_SESSION_CLAIMS, type BffApi, type BffOptions, type PrivateJwk } from './options';
export { BffError, isBffError, type BffErrorCode, type BffErrorOptions } from './errors';
export {
  MemorySessionStore,
  sessionStoreUnavailable,
  type MemorySessionStoreOptions,
  type SessionStore,
} from './session-store';
export { CSRF_HEADER } from './csrf';
export type { JsonObject, JsonValue } from './json';
export type { ApiTokenView, SessionView } from './routes/session';
export type { LogoutAnswer } from './routes/logout';
