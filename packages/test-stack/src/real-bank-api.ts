// The real bank API (apps/bank-api) for tests, started in-process on 127.0.0.1 with port 0 in front of
// an IdP. Tests reach the API through this module, never by importing the app.
import { start, type BankApiOptions, type RunningBankApi } from '@sesame/bank-api';

export type { BankApiOptions, RequestLogEntry, RunningBankApi } from '@sesame/bank-api';

/** Starts the bank API on 127.0.0.1, port 0, trusting tokens from `options.issuer`. */
export function startBankApi(
  options: Partial<BankApiOptions> & { issuer: string },
): Promise<RunningBankApi> {
  return start({ port: 0, ...options });
}
