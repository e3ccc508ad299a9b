// Messages written for developers (`DEV && '…'`) ship in development builds only, as in
// @sesame/core (its src/dev.ts says how): the build writes each flavour's condition in place of
// every `DEV` use (core's scripts/dev-condition.ts), so production bundles drop the text. Sources
// run as is (this package's tests): this check.
declare const process: { env: { NODE_ENV?: string } } | undefined;

/** True in a development build (or any build that does not set `NODE_ENV=production`). */
export const DEV = typeof process !== 'undefined' && process.env.NODE_ENV !== 'production';
