export { AuthError, isAuthError } from './errors';
export type { AuthErrorCode, AuthErrorOptions, AuthStep } from './errors';
