import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

// @sesame/react-router is built against react-router 7 and sits next to its own copy of it.
// `dedupe` makes every import of a peer resolve from this package instead, so the tests below run
// react-router 6.30 and React 18.3 (and check that they did).
export default defineConfig({
  resolve: {
    dedupe: ['react', 'react-dom', 'oidc-client-ts', 'react-router'],
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
