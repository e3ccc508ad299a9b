import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A server library: Node's own fetch, Request, Response and WebCrypto.
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Real IdP and bank API over HTTP, sign-ins driven through the IdP's pages: room for a loaded
    // 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
