import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '@sesame/test-stack/chromium';

const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // Each file starts its own Glewlwyd, bank API and app server; two files at a time on 2 cores.
  workers: Number(process.env.INTEROP_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./harness/suite-time-reporter.ts']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-GB',
  },
});
