import '../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Client-side cases run the real engine in a browser-like page; API cases only need fetch.
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['@sesame/test-stack/node-realm'],
    reporters: ['default', './summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The groups start their own servers; one file at a time keeps the shared 2-core machine calm.
    fileParallelism: false,
  },
});
