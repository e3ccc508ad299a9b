// src/dev.ts: `DEV && '…'` marks a message for developers. Minifiers do not propagate one shared
// boolean into dozens of uses, so builds write the condition itself at every use; a production
// bundle then folds each one and drops the text. The source stays plain TypeScript that runs as is.
import { readFile } from 'node:fs/promises';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

// As a conditional of numbers: esbuild (this build) would shorten `cond ? true : false` back to
// `cond`, and minifiers keep a bare `typeof process !== 'undefined' && false` in argument position;
// `(cond ? 1 : 0) && '…'` they fold to `0` everywhere. Callers only test messages for truthiness.
const DEV_CONDITION =
  "(typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? 1 : 0)";
const DEV_USE = /\bDEV(?= &&| \?)/g;

/** An esbuild plugin that writes the development-build condition in place of each use of `DEV` in core's sources. */
export const inlineDevCondition: EsbuildPlugin = {
  name: 'inline-dev-condition',
  setup(build) {
    build.onLoad({ filter: /[\\/]core[\\/]src[\\/][^\\/]+\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replace(DEV_USE, DEV_CONDITION),
      loader: 'ts',
    }));
  },
};
