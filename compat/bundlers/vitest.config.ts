import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Each case runs a real bundler (one starts the Vite CLI): on a loaded machine, seconds each.
    testTimeout: 60_000,
  },
});
