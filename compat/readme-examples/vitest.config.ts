import '../../scripts/vitest-node20';
import { defineConfig } from 'vitest/config';

// @sesame/testing's README example is a test file: run it as one.
export default defineConfig({
  test: { environment: 'jsdom', include: ['generated/testing.tsx'] },
});
