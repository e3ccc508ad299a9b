import './vitest-node20';
import { defineConfig } from 'vitest/config';

// The Vitest settings of an app whose tests start real servers over HTTP (the IdP, the bank and
// investments APIs): one copy, so their test runs keep the same room.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    // Setup starts real servers and signs in: on a loaded machine it needs the same room as a test.
    hookTimeout: 20_000,
  },
});
