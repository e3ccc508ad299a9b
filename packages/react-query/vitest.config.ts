import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['@sesame/test-stack/node-realm'],
    // Real IdP and bank API per test: generous limits for a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
