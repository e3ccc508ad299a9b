import { defineConfig, type Options } from 'tsup';
import { packageBuilds } from './scripts/package-build';

type TsupPlugin = NonNullable<Options['plugins']>[number];

// The browser-mode entries, whose apps ship oidc-client-ts anyway.
const OIDC_ENTRIES = new Set(['src/index.ts', 'src/internals.ts']);

/**
 * Each browser-mode entry file first imports oidc-client-ts, so that an app's bundler places
 * oidc-client-ts before all of Sesame's code. Otherwise the shared chunk's import, which esbuild
 * writes first, puts errors/fetch/freshness ahead of oidc-client-ts and the rest of Sesame after it,
 * 30 KB apart: gzip cannot match the two halves (measured with Vite 8: 105 B more gzip for an app,
 * bench/src/bundle).
 * The entry files only, not the chunks (tsup's `banner` would give it to every file): an app that
 * imports only what the chunks hold (`AuthError`, `isAuthError`: a BFF-mode app through
 * `@sesame/react`) would otherwise get oidc-client-ts's module-level code (about 2.5 KB gzip) for
 * nothing. (Browser-mode apps: the same bytes either way, bench/src/bundle.)
 */
const oidcFirst: TsupPlugin = {
  name: 'oidc-client-ts-first',
  renderChunk(code, info) {
    if (!info.entryPoint || !OIDC_ENTRIES.has(info.entryPoint)) return undefined;
    return { code: `import 'oidc-client-ts';\n${code}` };
  },
};

// The BFF entry's files: written by their own build, so the other builds' cleaning spares them.
const BFF_FILES = '!bff.*';

// Three flavours of the same code, mapped by package.json `exports` conditions (see
// scripts/dev-condition.ts): dist/ (no condition), dist/development/, dist/production/.
const browserMode = packageBuilds({
  // internals: for Sesame's own packages (src/internals.ts); code both share lands in one chunk.
  entry: ['src/index.ts', 'src/internals.ts'],
  plugins: [oidcFirst],
}).map((build) => ({
  ...build,
  clean: [...(Array.isArray(build.clean) ? build.clean : []), BFF_FILES],
  // One type build for all three entries (tsup cleans *.d.ts before writing its own).
  ...(build.dts && { dts: { entry: ['src/index.ts', 'src/internals.ts', 'src/bff.ts'] } }),
}));

// `@sesame/core/bff` (src/bff.ts): BFF mode, built apart so that it shares no chunk with browser
// mode (a chunk shared with it would change the browser-mode bundles' order and cost them ~50 B
// gzip, measured) and imports nothing of oidc-client-ts (src/bff.bundle.test.ts).
const bffMode = packageBuilds({ entry: ['src/bff.ts'] }).map((build) => ({
  ...build,
  dts: false,
  clean: false,
}));

export default defineConfig([...browserMode, ...bffMode]);
