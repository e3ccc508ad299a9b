// Events the devtools observe themselves, beside core's (inspectSession): what the tabs say on the
// channel, who holds the refresh lock, and each `client.fetch` with its answer. Core logs none of
// these, because every app would pay for them; the devtools watch from outside, in development.
// Numbered from 90 so that they never meet core's (1-69 logged, 70-71 from inspectSession).
import type { InspectEventKind } from '@sesame/core/internals';

/** The devtools' own event numbers. */
export const DEVTOOLS_EVENT = {
  /** This tab told the other tabs something: `{ type, reason?, explicit? }` (never a token: none is sent). */
  tabSent: 90,
  /** Another tab said something: `{ type, reason?, explicit? }`. */
  tabReceived: 91,
  /** The refresh lock changed hands: `{ holder: 'this tab' | 'another tab' | 'nobody', waiting }`. */
  lock: 92,
  /** A `client.fetch` started: `{ request, method, origin, path }` (no query string). */
  fetchStarted: 93,
  /** A `client.fetch` settled: `{ request, status }`, or `{ request, code }` when it threw. */
  fetchSettled: 94,
} as const;

/** Labels for the devtools' own events, as core's `inspectEvents` labels core's. */
export const devtoolsEvents: Readonly<
  Record<number, readonly [sentence: string, kind: InspectEventKind]>
> = {
  90: ['told the other tabs', 'tabs'],
  91: ['heard from another tab', 'tabs'],
  92: ['refresh lock', 'tabs'],
  93: ['client.fetch', 'request'],
  94: ['client.fetch settled', 'request'],
};
