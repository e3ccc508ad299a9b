// Messages written for developers ship in development builds only. Bundlers replace
// `process.env.NODE_ENV` (Vite, webpack, esbuild, Rollup's replace plugin); in a production build
// every `DEV && '…'` then folds to `false` and its text is dropped. The checks around those
// messages run in every build. Without a bundler `process` is undefined: production messages.
// The package build writes this condition in place of DEV at each use (scripts/dev-condition.ts).
declare const process: { env: { NODE_ENV?: string } } | undefined;

/** True in a development build (or any build that does not set `NODE_ENV=production`). */
export const DEV = typeof process !== 'undefined' && process.env.NODE_ENV !== 'production';

/** A developer's message (`DEV && '…'`): falsy in production builds (`false`; `0` once built, see scripts/dev-condition.ts). */
export type DevMessage = string | false;
