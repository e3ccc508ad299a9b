/**
 * The attribute on the panel's host element. `pnpm bench:budget` looks for this string in the demo's
 * production bundle: finding it means the devtools were shipped to users.
 */
export const DEVTOOLS_MARKER = 'data-sesame-devtools';
