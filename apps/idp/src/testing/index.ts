/**
 * Helpers for tests that need real tokens from the local IdP: they drive its login and consent pages
 * over HTTP and run the code + PKCE flow. Import from `@sesame/idp/testing`.
 */
export { completeLogin } from './complete-login';
export type { CompleteLoginOptions, LoginCredentials } from './complete-login';
export { CookieJar } from './cookie-jar';
export {
  authorizationRequest,
  CLIENT_ASSERTION_TYPE,
  createPkcePair,
  discover,
  exchangeCode,
  obtainTokens,
  postForm,
  readAuthorizationResponse,
  refreshTokens,
} from './flows';
export type {
  AuthorizationRequest,
  AuthorizationRequestOptions,
  ClientCredentials,
  ExchangeCodeOptions,
  ObtainTokensOptions,
  ProviderMetadata,
  RefreshTokensOptions,
  TokenRequestDpop,
  TokenSet,
} from './flows';
export {
  obtainBffTokens,
  privateKeyJwt,
  pushAuthorizationRequest,
  pushedAuthorization,
} from './bff-flows';
export type {
  ObtainBffTokensOptions,
  PrivateKeyJwtOptions,
  PushedAuthorization,
  PushedAuthorizationOptions,
  PushedAuthorizationResponse,
} from './bff-flows';
export { AuthorizationResponseError, CompleteLoginError, TokenRequestError } from './errors';
export type { CompleteLoginErrorCode } from './errors';
export { decodeJwt, decodeProtectedHeader } from 'jose';
