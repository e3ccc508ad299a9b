import '../../scripts/vitest-node20';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The shared harnesses (@sesame/test-stack) import the engine by name; core's own tests give them
    // these sources, so a harness's clients and the test's error classes are the same modules.
    alias: [
      {
        find: /^@sesame\/core$/,
        replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    // The engine runs in a browser; jsdom gives it window, history and Web Storage. Node's fetch stays.
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['@sesame/test-stack/node-realm'],
    testTimeout: 15_000,
    // Setup starts real servers and signs in: on a loaded machine it needs the same room as a test.
    hookTimeout: 15_000,
  },
});
