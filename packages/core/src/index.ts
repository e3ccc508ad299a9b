export { AuthError, isAuthError } from './errors';
export type { AuthErrorCode, AuthErrorOptions, AuthStep } from './errors';
export { createAuthClient } from './client';
export { AUTO_SIGN_IN_COOLDOWN_MS, decideAutoSignIn, decideStepUp } from './sign-in-policy';
export { crossTabLock } from './refresh-lock';
export { idleTimer } from './idle';
export { dpop } from './dpop';
export type { Dpop, DpopBinding, DpopOptions } from './dpop';
export { apis, missingScopes } from './apis';
export type { ApiOptions } from './apis';
export type { CrossTabLock, RefreshLock, RefreshLockOptions } from './refresh-lock';
export type {
  Apis,
  AuthClientSettings,
  AuthLogger,
  ResolvedSettings,
  TokenStorage,
} from './settings';
// BFF mode's client lives in `@sesame/core/bff` (no oidc-client-ts there); its types are here too,
// since AuthClient.settings may be its settings.
export type { BffClientSettings, ResolvedBffSettings } from './bff-settings';
export type { BffAuthClient } from './bff-client';
export type {
  AuthClient,
  AuthRequestInit,
  AuthState,
  AuthStatus,
  AuthUser,
  AutoSignInDecision,
  BrowserAuthClient,
  GetAccessTokenOptions,
  IdTokenClaims,
  SignInOptions,
  SignOutOptions,
} from './types';
export { parseWwwAuthenticate, bearerChallenge } from './www-authenticate';
export type { AuthChallenge } from './www-authenticate';
export type { SessionTimeouts } from './timeouts';
export type {
  InspectActions,
  InspectArgs,
  InspectEvent,
  InspectEventData,
  InspectEventId,
  InspectListener,
  RefreshReason,
} from './inspect-event';
export type { IdleContext, IdleState, IdleTimer } from './idle';
