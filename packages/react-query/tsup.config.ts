import { defineConfig } from 'tsup';
import { packageBuilds } from '../core/scripts/package-build';

// Three flavours, as core has, so that the bundlers' conditions pick the same flavour of every
// Sesame package. They are the same code today: no developer message yet (one would be written
// `DEV && '…'` with a src/dev.ts like @sesame/react's, and ship in development builds only).
export default defineConfig(
  packageBuilds({ external: ['react', '@sesame/core', '@tanstack/react-query'] }),
);
