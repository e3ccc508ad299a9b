/**
 * `@sesame/bank-api/resource-server`: the bank API's resource-server building blocks, for another
 * mock API (apps/invest-api) that must check tokens by exactly the same rules: options and their
 * checks, token validation (JWKS, `typ`, `iss`, `aud`, `exp`/`nbf`/`iat`, maximum age, or
 * introspection), `Bearer`/`DPoP` authentication with proofs, nonces and replay checks, RFC 6750
 * errors and challenges, CORS, security headers, faults and the token-free request log; and the
 * server scaffolding around them: the request-handling skeleton, the shared `/__admin` routes,
 * listening on 127.0.0.1, the bounded logs and the command line's boot and shutdown. One copy of
 * the rules, so the two APIs cannot drift apart.
 */
export { resolveOptions, BankApiConfigError } from './options.js';
export type { BankApiOptions as ResourceServerOptions, ResolvedOptions } from './options.js';
export { createValidator } from './auth/create-validator.js';
export { authenticateRequest } from './auth/authenticate-request.js';
export type { RequestAuthenticator } from './auth/authenticate-request.js';
export type { AccessTokenValidator, ValidatedToken } from './auth/validated-token.js';
export { DpopVerifier } from './auth/dpop-proof.js';
export { DpopReplayCache } from './auth/dpop-replay.js';
export { DpopNonces } from './auth/dpop-nonce.js';
export { insufficientScope } from './auth/auth-errors.js';
export { TokenError } from './auth/token-error.js';
export { classifyAcceptedToken, classifyToken } from './auth/token-kind.js';
export type { PresentedTokenKind } from './auth/token-kind.js';
export { REALM } from './auth/www-authenticate.js';
export { andThen } from './eventually.js';
export type { Eventually } from './eventually.js';
export { ApiError } from './http/api-error.js';
export { ok } from './http/api-response.js';
export type { ApiResponse } from './http/api-response.js';
export { decideCors, isPreflight, PREFLIGHT_HEADERS } from './http/cors.js';
export { readJsonBody } from './http/json-body.js';
export { Router } from './http/router.js';
export { SECURITY_HEADER_LIST } from './http/security-headers.js';
export { send } from './http/send-response.js';
export { toApiError } from './http/to-api-error.js';
export { FaultController, faultSettingsPatchSchema, NO_FAULTS, parseFaultPatch } from './faults.js';
export type { FaultSettings } from './faults.js';
export { BoundedLog, formatLogLine, isoTimestamp, loggablePath } from './request-log.js';
export type { RequestLogEntry } from './request-log.js';
export { createResourceRequestHandler } from './http/resource-request-handler.js';
export type {
  ApiCall,
  RequestTarget,
  ResourceHandlerDeps,
} from './http/resource-request-handler.js';
export { createAdminRouter } from './http/admin-router.js';
export type { AdminContext, AdminRoute } from './http/admin-router.js';
export { listenOnLoopback } from './http/listen.js';
export type { LoopbackServer } from './http/listen.js';
export { createServerLogs } from './server-logs.js';
export type { ServerLogs } from './server-logs.js';
export { runServerCli } from './bin/run-server-cli.js';
export type { ServerCli } from './bin/run-server-cli.js';
export { runningServer } from './running-server.js';
export type { RunningResourceServer } from './running-server.js';
export { readSharedServerOptions, SERVER_CLI_OPTIONS } from './bin/server-cli-options.js';
export type { ServerCliValues, SharedServerOptions } from './bin/server-cli-options.js';
