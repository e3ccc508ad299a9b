// The journeys' fixtures: one interop stack per worker (per distinct `interop` options), failure
// reports with Glewlwyd's log and the requests it received.
import { writeFile } from 'node:fs/promises';
import { test as base, expect } from '@playwright/test';
import type { ProviderLog } from './counting-proxy';
import { missingPrerequisite } from './glewlwyd-process';
import { bankCalls } from './observations';
import { startInteropStack, type InteropOptions, type InteropStack } from './stack';

export { expect };

const missing = missingPrerequisite();
if (missing && process.env.CI) {
  // CI installs Glewlwyd (.ci/run → scripts/ensure-glewlwyd.sh): its absence there is a failure.
  throw new Error(`Glewlwyd interop suite: ${missing} (run: bash scripts/ensure-glewlwyd.sh)`);
}
/** Outside CI, a machine without Glewlwyd skips the suite with this reason. */
export const skipReason = missing && `${missing}; install it with: bash scripts/ensure-glewlwyd.sh`;

interface WorkerFixtures {
  interop: InteropOptions;
  stack: InteropStack;
}

interface TestFixtures {
  /** Requests Glewlwyd received since this test started (the proxy spans the worker). */
  provider: ProviderLog;
  /** The bank API's answers since this test started, as `GET /me 200`. */
  bankCalls: () => string[];
  report: void;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  interop: [{}, { scope: 'worker', option: true }],
  stack: [
    async ({ interop }, use) => {
      const stack = await startInteropStack(interop);
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.app.url);
  },
  provider: async ({ stack }, use) => {
    await use(stack.provider.fromNow());
  },
  bankCalls: async ({ stack }, use) => {
    const from = stack.bank.requestLog.length;
    await use(() => bankCalls(stack, from));
  },
  report: [
    async ({ stack, provider }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        const requests = provider.requests();
        const path = testInfo.outputPath('provider.log');
        await writeFile(
          path,
          `${requests.map((entry) => JSON.stringify(entry)).join('\n')}\n\n--- glewlwyd ---\n${stack.glewlwyd.log()}`,
        );
        await testInfo.attach('provider.log', { path, contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

test.skip(Boolean(skipReason), skipReason || '');
