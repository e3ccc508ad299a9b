import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '@sesame/test-stack/chromium';

const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/results',
  // Each worker starts its own IdP, bank API and dashboard server; 2 cores do not need more.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    locale: 'en-IE',
    timezoneId: 'Europe/Dublin',
    viewport: { width: 1280, height: 860 },
  },
});
