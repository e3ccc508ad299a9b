import { defineConfig } from 'tsup';
import { packageBuilds } from './scripts/package-build';

// Three flavours of the same code, mapped by package.json `exports` conditions (see
// scripts/dev-condition.ts): dist/ (no condition), dist/development/, dist/production/.
export default defineConfig(
  packageBuilds({
    // internals: for Sesame's own packages (src/internals.ts); code both share lands in one chunk.
    entry: ['src/index.ts', 'src/internals.ts'],
    // Each file first imports oidc-client-ts (every entry needs it anyway), so that an app's bundler
    // places oidc-client-ts before all of Sesame's code. Otherwise the shared chunk's import, which
    // esbuild writes first, puts errors/fetch/freshness ahead of oidc-client-ts and the rest of
    // Sesame after it, 30 KB apart: gzip cannot match the two halves (measured with Vite 8: 105 B
    // more gzip for an app, bench/src/bundle).
    banner: { js: "import 'oidc-client-ts';" },
  }),
);
