export { start } from './start';
export type { RunningIdp } from './start';
export type { IdpOptions, ClientMetadata, TokenFormat, SigningAlg } from './options';
export {
  DEFAULT_ACCESS_TOKEN_TTL,
  DEFAULT_ID_TOKEN_TTL,
  DEFAULT_REFRESH_TOKEN_TTL,
} from './options';
export { BFF_CLIENT_AUTH_ALGS } from './bff-client';
export type { BffClientAuthAlg, BffClientOptions, PublicJwks } from './bff-client';
export { generateBffClientKeys } from './bff-keys';
export type { BffClientKeys } from './bff-keys';
export type { IdpCounters } from './counters';
export { IdpError } from './errors';
export type { IdpErrorCode } from './errors';
export { DEMO_USERS } from './users';
export type { DemoUser } from './users';
export {
  API_SCOPES,
  BANK_API_AUDIENCE,
  BANK_API_CLIENT_ID,
  BANK_API_CLIENT_SECRET,
  BANK_API_SCOPES,
  BFF_CLIENT_ID,
  DASHBOARD_CLIENT_ID,
  DEFAULT_BFF_POST_LOGOUT_REDIRECT_URIS,
  DEFAULT_BFF_REDIRECT_URIS,
  DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS,
  DEFAULT_DASHBOARD_REDIRECT_URIS,
  DEFAULT_DASHBOARD_SCOPE,
  DEFAULT_PORT,
  INVEST_API_AUDIENCE,
  INVEST_API_SCOPES,
} from './constants';
export type { ApiScope, EntitledScope, InvestApiScope } from './constants';
