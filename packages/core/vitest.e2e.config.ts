import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

// Browser tests: Chromium (Debian's) driven by playwright-core over the built package; see e2e/.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
