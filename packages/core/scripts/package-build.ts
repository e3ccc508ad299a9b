// The build every published Sesame package shares (core and the React bindings): ES2022 modules with
// source maps, tree-shaken, in the three flavours of ./dev-condition. A package's own tsup config
// says only what differs: its entries, what it leaves to the app (`external`), a banner.
import type { Options } from 'tsup';
import { flavourBuilds } from './dev-condition';

/**
 * The tsup builds of one Sesame package: `src/index.ts` unless `options.entry` says otherwise, as
 * ESM for ES2022 with source maps, in the development, production and default flavours
 * (`flavourBuilds`). `options` add to these settings or override them.
 */
export function packageBuilds(options: Options): Options[] {
  return flavourBuilds({
    entry: ['src/index.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    ...options,
  });
}
