import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // pack:local, then an npm install from the registry (fast once npm's cache has the packages)
    // and a Vite build. About 15 s with a warm cache; a cold one on a slow line takes longer.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
