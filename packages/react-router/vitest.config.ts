import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['../core/src/testing/node-realm.ts'],
    testTimeout: 20_000,
    // Setup starts real servers and signs in: on a loaded machine it needs the same room as a test.
    hookTimeout: 20_000,
  },
});
