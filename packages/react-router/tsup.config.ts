import { defineConfig } from 'tsup';
import { packageBuilds } from '../core/scripts/package-build';

// Three flavours, as core has: developer messages (`DEV && '…'`, src/dev.ts) only in development.
export default defineConfig(
  packageBuilds({ external: ['react', 'react-router', '@sesame/core', '@sesame/react'] }),
);
