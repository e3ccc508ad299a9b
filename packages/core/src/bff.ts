// `@sesame/core/bff`: the BFF-mode client, its own entry point so that a BFF-mode app's bundle holds
// none of oidc-client-ts (nothing here imports it; bff.bundle.test.ts checks the built file). The
// browser talks to `@sesame/bff` on its own origin; the tokens never reach the page.
export { createBffClient } from './bff-client';
export type { BffAuthClient } from './bff-client';
export type { BffClientSettings, ResolvedBffSettings } from './bff-settings';
export { AuthError, isAuthError } from './errors';
export type { AuthErrorCode, AuthErrorOptions, AuthStep } from './errors';
export { idleTimer } from './idle';
export type { IdleContext, IdleState, IdleTimer } from './idle';
export type { SessionTimeouts } from './timeouts';
export type { InspectArgs, InspectEvent, InspectEventData, InspectListener } from './inspect-event';
export type {
  AuthClient,
  AuthRequestInit,
  AuthState,
  AuthStatus,
  AuthUser,
  AutoSignInDecision,
  IdTokenClaims,
  SignInOptions,
  SignOutOptions,
} from './types';
