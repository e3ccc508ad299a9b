import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    // Setup starts real servers and signs in: on a loaded machine it needs the same room as a test.
    hookTimeout: 20_000,
  },
});
