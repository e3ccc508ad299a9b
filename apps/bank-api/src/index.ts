/**
 * `@sesame/bank-api`: the mock bank API. It validates access tokens from the Sesame IdP like a
 * real bank's API would (jose, RFC 9068, RFC 6750, RFC 7662) and serves per-user bank data.
 */
export { start } from './server.js';
export type { BankLedger, RunningBankApi } from './server.js';
export {
  BankApiConfigError,
  DEFAULT_ALLOWED_ORIGINS,
  DEFAULT_AUDIENCE,
  DEFAULT_PORT,
} from './options.js';
export type { BankApiOptions } from './options.js';
export { NO_FAULTS } from './faults.js';
export type { FaultSettings } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { PresentedTokenKind } from './auth/token-kind.js';
export type { TokenFailureReason } from './auth/token-error.js';
export type { LedgerReport } from './bank/ledger.js';
export { SCOPES } from './routes/route.js';
export { REALM } from './auth/www-authenticate.js';
export { DEMO_SUBS } from './bank/seed-profiles.js';
export { isValidIban } from './bank/iban.js';
