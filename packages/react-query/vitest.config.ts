import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['../core/src/testing/node-realm.ts'],
    // Real IdP and bank API per test: generous limits for a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
