import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '@sesame/test-stack/chromium';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
  },
});
