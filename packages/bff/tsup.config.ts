import { defineConfig } from 'tsup';

// A Node server library: one ESM build with types. No development/production flavours (those exist
// for the browser packages' developer messages, which bundlers strip); dependencies stay external.
export default defineConfig({
  entry: ['src/index.ts', 'src/redis.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  treeshake: true,
});
