// The real stack (IdP, bank API) with the real investments API beside it, set up afresh for each
// test: the shared set-up of the integration tests that call two APIs from a page (jsdom).
import { afterEach, beforeEach, vi } from 'vitest';
import { BANK_API_AUDIENCE } from '@sesame/idp';
import { INVEST_API_AUDIENCE, startInvestApi, type RunningInvestApi } from './real-invest-api';
import { APP, startRealStack, type RealStack } from './real-stack';

/**
 * What core's `apis()` takes for the two running APIs (plain data, so no engine is imported here).
 * A type alias, not an interface: it must fit `apis()`'s `Record<string, ApiOptions>`.
 */
export type TwoApiEntries = {
  bank: { origin: string; resource: string };
  investments: { origin: string; resource: string; scopes: string[] };
};

/**
 * For every test of the calling file: a clean page at {@link APP} (storage emptied), a real stack
 * started with `options` and the investments API trusting its IdP and the app's origin; after the
 * test, mocks restored and both stopped. Read them through the getters, inside a test.
 */
export function realStackWithInvestApiPerTest(options: Parameters<typeof startRealStack>[0] = {}): {
  stack(): RealStack;
  invest(): RunningInvestApi;
  /** Core's `apis()` entries for both: the bank API's resource, the investments API's with `portfolio:read`. */
  apiEntries(): TwoApiEntries;
} {
  let stack: RealStack | undefined;
  let invest: RunningInvestApi | undefined;
  beforeEach(async () => {
    sessionStorage.clear();
    localStorage.clear();
    window.history.replaceState(null, '', `${APP}/`);
    stack = await startRealStack(options);
    invest = await startInvestApi({ issuer: stack.idp.issuer, allowedOrigins: [APP] });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await invest?.stop();
    await stack?.stop();
  });
  return {
    stack: () => stack!,
    invest: () => invest!,
    apiEntries: () => ({
      bank: { origin: new URL(stack!.api.url).origin, resource: BANK_API_AUDIENCE },
      investments: {
        origin: new URL(invest!.url).origin,
        resource: INVEST_API_AUDIENCE,
        scopes: ['portfolio:read'],
      },
    }),
  };
}
