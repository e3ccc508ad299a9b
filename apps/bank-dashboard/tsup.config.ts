import { defineConfig } from 'tsup';

// The static server and its CLI (the app itself is built by Vite into dist/app).
export default defineConfig({
  entry: { index: 'src/server/index.ts', cli: 'src/server/cli.ts' },
  outDir: 'dist/server',
  format: ['esm'],
  platform: 'node',
  dts: { entry: { index: 'src/server/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
