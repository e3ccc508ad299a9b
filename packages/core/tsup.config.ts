import { defineConfig } from 'tsup';
import { inlineDevCondition } from './scripts/dev-condition';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  esbuildPlugins: [inlineDevCondition],
});
