import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

// Sesame's built packages live in the workspace, next to their own (newest) devDependency copies of
// React and friends. `dedupe` makes every import of a peer resolve from this package instead, so the
// tests below run the floor versions (and check that they did).
export default defineConfig({
  resolve: {
    dedupe: ['react', 'react-dom', 'oidc-client-ts', '@tanstack/react-query', 'react-router'],
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['@sesame/test-stack/node-realm'],
    testTimeout: 20_000,
    // Setup starts real servers and signs in: on a loaded machine it needs the same room as a test.
    hookTimeout: 20_000,
  },
});
