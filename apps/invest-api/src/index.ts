/**
 * `@sesame/invest-api`: the mock investments API, a second resource server with its own audience
 * (`https://invest.sesame.test/api`) and scopes (`portfolio:read`). It checks access tokens with
 * the bank API's own code (`@sesame/bank-api/resource-server`) and serves per-user portfolios.
 */
export { start } from './server.js';
export type { RunningInvestApi } from './server.js';
export { DEFAULT_AUDIENCE, DEFAULT_PORT, InvestApiConfigError } from './options.js';
export type { InvestApiOptions } from './options.js';
export { SCOPES } from './routes.js';
export type { FaultSettings, RequestLogEntry } from '@sesame/bank-api/resource-server';
