// `@sesame/core/internals`: the modules that decide, for Sesame's own packages to build on
// (@sesame/testing runs its mock over them, so the mock cannot drift from core's rules; the
// sign-in policy is public API and lives in the main index).
// Not for apps: no semver promise; an app uses `createAuthClient().fetch`. A separate entry keeps
// these names out of the public index; the code is the very code `createAuthClient` runs
// (one shared chunk in dist), so apps pay nothing for it.
export { createAuthFetch } from './fetch';
export type { AuthFetchDeps } from './fetch';
export { mustRefresh } from './freshness';
// For @sesame/devtools: the decision events as values, their labels, and the development
// builds' actions (inspect-session.ts, inspect-events.ts). Apps that never import them ship none.
export { inspectActions, inspectSession } from './inspect-session';
export { inspectEvents } from './inspect-events';
export type { InspectEventKind } from './inspect-events';
