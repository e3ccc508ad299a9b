import { defineConfig } from 'tsup';
import { flavourBuilds } from '../core/scripts/dev-condition';

// Three flavours, as core has: developer messages (`DEV && '…'`, src/dev.ts) only in development.
export default defineConfig(
  flavourBuilds({
    entry: ['src/index.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    external: ['react', 'react-router', '@sesame/core', '@sesame/react'],
  }),
);
