// Labels for the decision events (inspect.ts): each number's development sentence and the kind a
// devtools timeline filters on. Development builds only, and tools: the clients reach this module
// only through `DEV ? …` (folded away in production bundles), and @sesame/devtools through
// `@sesame/core/internals`. log-events.test.ts keeps it in step with the sources and the README.

/** What an event is about, for filters in a timeline. */
export type InspectEventKind = 'session' | 'sign-in' | 'token' | 'request' | 'tabs' | 'sign-out';

/** Each event number's development sentence and kind. */
export const inspectEvents: Readonly<
  Record<number, readonly [sentence: string, kind: InspectEventKind]>
> = {
  1: ['session loaded', 'session'],
  2: ['redirecting to sign in', 'sign-in'],
  3: ['automatic sign-in skipped', 'sign-in'],
  4: ['signed in', 'sign-in'],
  5: ['sign-in failed', 'sign-in'],
  6: ['userinfo failed', 'sign-in'],
  7: ['token fresh', 'token'],
  8: ['refreshing', 'token'],
  9: ['refreshed', 'token'],
  10: ['refresh failed', 'token'],
  11: ['refreshed by another tab', 'tabs'],
  12: ['refresh result dropped: the session changed meanwhile', 'token'],
  13: ['background renewal failed', 'token'],
  14: ['clock skew estimated', 'token'],
  15: ['not attaching token', 'request'],
  16: ['refreshing after 401', 'request'],
  17: ['retrying after 401', 'request'],
  18: ['session ended: API rejected a refreshed token', 'request'],
  19: ['403 insufficient_scope', 'request'],
  20: ['session taken from another tab', 'tabs'],
  21: ['signed out in another tab', 'tabs'],
  22: ['signed out for inactivity', 'sign-out'],
  23: ['signed out locally', 'sign-out'],
  24: ['token revocation skipped', 'sign-out'],
  25: ['token revocation failed', 'sign-out'],
  26: ['back from sign-out', 'sign-out'],
  27: ['DPoP key not deleted', 'sign-out'],
  40: ['session ended at the BFF', 'session'],
  41: ['session check failed', 'session'],
  42: ['BFF sign-out failed', 'sign-out'],
  43: ['plain request: not the BFF API', 'request'],
  44: ['session from the last check in this tab', 'session'],
  60: ['sending with a token', 'request'],
  // Made by inspectSession() (inspect-session.ts) from the store and the timeouts, not logged.
  70: ['state changed', 'session'],
  71: ['timeouts changed', 'session'],
};

let numbers: Map<string, number> | undefined;

/** The number of the event whose development sentence is `sentence` (0: none, a table out of step). */
export function eventNumber(sentence: string): number {
  numbers ??= new Map(
    Object.entries(inspectEvents).map(([number, [text]]) => [text, Number(number)]),
  );
  return numbers.get(sentence) ?? 0;
}
