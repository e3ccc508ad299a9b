import '../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The realm test installs jsdom into its own worker; nothing else needs a DOM.
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
