// Messages written for developers ship in development builds only. The package's dist comes in
// three flavours chosen by package-exports conditions (package.json, scripts/dev-condition.ts):
// `development` (Vite's dev server, webpack's development mode, esbuild --conditions=development)
// keeps every `DEV && '…'`; `production` (Vite build, webpack production mode) drops their text; with
// no condition (Node, Jest, plain esbuild) the check below decides at run time, and where `process`
// is undefined (a browser bundle that picked no condition) the messages are dropped. The checks
// around those messages run in every flavour. Sources run as is (core's own tests): this check.
declare const process: { env: { NODE_ENV?: string } } | undefined;

/** True in a development build (or any build that does not set `NODE_ENV=production`). */
export const DEV = typeof process !== 'undefined' && process.env.NODE_ENV !== 'production';

/** A developer's message (`DEV && '…'`): falsy in production builds (`false`; `0` in dist, see scripts/dev-condition.ts). */
export type DevMessage = string | false;

/**
 * A debug-log event, written `DEV ? 'token fresh' : 7`: its sentence in development builds, its
 * stable number in production builds, which the client hands the logger as `#7` (the README's
 * Logging table lists every number; log-events.test.ts keeps the two in step).
 */
export type LogEvent = string | number;
