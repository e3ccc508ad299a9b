export { createAuthQueryClient } from './create';
export { bindQueryClient, needsAuth, whenSignedIn } from './bind';
export type { AnyQuery, AuthSource, BindOptions } from './bind';
export { fetchJson } from './fetch-json';
export type { JsonRequestInit } from './fetch-json';
export { HttpError, isHttpError } from './http-error';
export { authRetry, authRetryDelay } from './retry';
