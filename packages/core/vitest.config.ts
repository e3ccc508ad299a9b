import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The engine runs in a browser; jsdom gives it window, history and Web Storage. Node's fetch stays.
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/node-realm.ts'],
    testTimeout: 15_000,
    // Setup starts real servers and signs in: on a loaded machine it needs the same room as a test.
    hookTimeout: 15_000,
  },
});
