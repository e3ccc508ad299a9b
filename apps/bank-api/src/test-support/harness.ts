import { start, type RunningBankApi } from '../server.js';
import type { BankApiOptions } from '../options.js';
import { createCaller, type Caller } from './caller.js';
import { startFakeIssuer, type FakeIssuer } from './fake-issuer.js';

export interface Harness {
  readonly idp: FakeIssuer;
  readonly api: RunningBankApi;
  /** Every token a test sent, so the leak check can look for each one. */
  readonly sentTokens: Set<string>;
  readonly call: Caller;
  stop(): Promise<void>;
}

/** The bank API in front of a fake issuer, both on 127.0.0.1 with port 0. */
export async function startHarness(options: Partial<BankApiOptions> = {}): Promise<Harness> {
  const idp = await startFakeIssuer();
  const api = await start({ port: 0, issuer: idp.issuer, anchorDate: '2025-03-15', ...options });
  const sentTokens = new Set<string>();
  return {
    idp,
    api,
    sentTokens,
    call: createCaller(() => api.url, sentTokens),
    async stop() {
      await api.stop();
      await idp.stop();
    },
  };
}
