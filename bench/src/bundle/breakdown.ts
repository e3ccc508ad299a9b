// Where Sesame's bytes go: esbuild's metafile for the Sesame app built from the packages' sources
// (not their single-file dist), so each source module gets its own minified byte count. Core's
// sources go through the same dev-condition step as its production flavour (what the bundle apps ship).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineDev } from '../../../packages/core/scripts/dev-condition.js';
import { APPS_DIRECTORY } from './build.js';
import { SESAME_FULL } from './apps.js';

const packages = fileURLToPath(new URL('../../../packages/', import.meta.url));

export interface ModuleBytes {
  readonly module: string;
  readonly minified: number;
}

/** Minified bytes per Sesame source module, largest first (third-party code is left out). */
export async function sesameBreakdown(): Promise<ModuleBytes[]> {
  const result = await build({
    entryPoints: [`${APPS_DIRECTORY}${SESAME_FULL.entry}`],
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: {
      '@sesame/core': `${packages}core/src/index.ts`,
      '@sesame/react': `${packages}react/src/index.ts`,
      '@sesame/react-query': `${packages}react-query/src/index.ts`,
      '@sesame/react-router': `${packages}react-router/src/index.ts`,
    },
    outdir: 'out',
    // As core's production build does, so that each module counts what it ships (dev-only messages dropped).
    plugins: [inlineDev('production')],
  });
  return Object.values(result.metafile.outputs)
    .flatMap((output) => Object.entries(output.inputs))
    .filter(([path]) => path.includes('packages/') && !path.includes('node_modules'))
    .map(([path, input]) => ({
      module: path.slice(path.indexOf('packages/') + 'packages/'.length),
      minified: input.bytesInOutput,
    }))
    .filter((entry) => entry.minified > 0)
    .sort((a, b) => b.minified - a.minified);
}
