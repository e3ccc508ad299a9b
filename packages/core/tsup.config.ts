import { defineConfig } from 'tsup';
import { inlineDevCondition } from './scripts/dev-condition';

export default defineConfig({
  // internals: for Sesame's own packages (src/internals.ts); code both share lands in one chunk.
  entry: ['src/index.ts', 'src/internals.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  esbuildPlugins: [inlineDevCondition],
});
