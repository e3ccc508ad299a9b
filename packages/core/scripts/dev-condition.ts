// src/dev.ts: `DEV && '…'` marks a message for developers. Minifiers do not propagate one shared
// boolean into dozens of uses, so builds write the flavour's condition itself at every use; a
// production bundle then folds each one and drops the text. The source stays plain TypeScript that
// runs as is. Core and the React packages (react, react-router, react-query: each has its own
// src/dev.ts) build their three flavours with this plugin.
import { readFile } from 'node:fs/promises';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The three builds of a package's dist, picked by the package-exports condition a bundler resolves
 * (package.json `exports`): `development` keeps the messages, `production` drops them, and
 * `runtime` (no condition: Node, Jest, esbuild without `--conditions`) decides by
 * `process.env.NODE_ENV` where `process` exists and drops them where it does not.
 */
export type DevFlavour = 'development' | 'production' | 'runtime';

// As numbers: esbuild (this build) would shorten `cond ? true : false` back to `cond`, and
// minifiers keep a bare `typeof process !== 'undefined' && false` in argument position;
// `(cond ? 1 : 0) && '…'` they fold to `0` everywhere. Callers only test messages for truthiness.
const CONDITIONS: Record<DevFlavour, string> = {
  development: '1',
  production: '0',
  runtime: "(typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? 1 : 0)",
};
// `DEV && '…'` (messages) and `DEV ? '…' : 7` (log events, dev.ts), even where Prettier breaks the
// line after `DEV`.
const DEV_USE = /\bDEV(?=\s+(?:&&|\?))/g;

/**
 * An esbuild plugin that writes `flavour`'s condition in place of each use of `DEV` in the sources
 * of Sesame's packages (`packages/<name>/src/*.ts(x)`; dependencies are left alone).
 */
export function inlineDev(flavour: DevFlavour): EsbuildPlugin {
  return {
    name: `inline-dev-${flavour}`,
    setup(build) {
      build.onLoad(
        { filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/][^\\/]+\.tsx?$/ },
        async ({ path }) => ({
          contents: (await readFile(path, 'utf8')).replace(DEV_USE, CONDITIONS[flavour]),
          loader: path.endsWith('x') ? 'tsx' : 'ts',
        }),
      );
    },
  };
}

/**
 * The tsup builds of one package's three flavours, mapped by its package.json `exports`
 * (`development`, `production`, `default`): dist/ (no condition, with the types), dist/development/
 * and dist/production/. Each flavour has its own folder so that chunks never mix; the types are the
 * same for all three.
 */
export function flavourBuilds(common: Options): Options[] {
  return [
    {
      ...common,
      dts: true,
      // The flavour folders are cleaned by their own builds, which run alongside this one.
      clean: ['!development/**', '!production/**'],
      esbuildPlugins: [inlineDev('runtime')],
    },
    {
      ...common,
      outDir: 'dist/development',
      clean: true,
      esbuildPlugins: [inlineDev('development')],
    },
    {
      ...common,
      outDir: 'dist/production',
      clean: true,
      esbuildPlugins: [inlineDev('production')],
    },
  ];
}
