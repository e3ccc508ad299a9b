// The real investments API (apps/invest-api) for tests, started in-process on 127.0.0.1 with port 0
// in front of an IdP. Tests reach the API through this module, never by importing the app.
import { start, type InvestApiOptions, type RunningInvestApi } from '@sesame/invest-api';

export type { InvestApiOptions, RunningInvestApi } from '@sesame/invest-api';
export { DEFAULT_AUDIENCE as INVEST_API_AUDIENCE } from '@sesame/invest-api';

/** Starts the investments API on 127.0.0.1, port 0, trusting tokens from `options.issuer`. */
export function startInvestApi(
  options: Partial<InvestApiOptions> & { issuer: string },
): Promise<RunningInvestApi> {
  return start({ port: 0, ...options });
}
