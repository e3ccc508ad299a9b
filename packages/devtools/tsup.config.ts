import { defineConfig } from 'tsup';

// One build, not core's three flavours: the main entry must keep `process.env.NODE_ENV` as written,
// so that the app's bundler folds it and drops the whole panel from production builds.
export default defineConfig({
  entry: ['src/index.ts', 'src/production.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  splitting: true,
  clean: true,
  external: ['react', 'react-dom', '@sesame/core', '@sesame/react', 'oidc-client-ts'],
});
