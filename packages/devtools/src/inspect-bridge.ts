// The one place the panel meets core's event stream and its devtools hooks, all from
// `@sesame/core/internals` (which apps never import): the events with their times and the store's
// state changes (`inspectSession`), their labels and kinds (`inspectEvents`), and the actions a
// development build registers (`inspectActions`). The panel reads what core decided; it never decides.
import type { AuthClient, InspectActions } from '@sesame/core';
import {
  inspectActions,
  inspectEvents,
  inspectSession,
  type InspectEventKind,
} from '@sesame/core/internals';

/**
 * One event as the panels read it: core's `InspectEvent` (its stable number, when in epoch ms, its
 * data), typed loosely so that a newer core's event numbers still show.
 */
export interface DevtoolsEvent {
  readonly id: number;
  readonly at: number;
  readonly data?: unknown;
}

/** What an event is about: the timeline's filters. */
export type EventKind = InspectEventKind;

/** Every kind, in the order the filters list them. */
export const EVENT_KINDS: readonly EventKind[] = [
  'session',
  'sign-in',
  'token',
  'request',
  'tabs',
  'sign-out',
];

/** The sentence and kind of event number `id` (core's labels; a number core does not label yet: `event #id`). */
export function describeEvent(id: number): readonly [sentence: string, kind: EventKind] {
  return inspectEvents[id] ?? [`event #${id}`, 'session'];
}

/** The devtools actions a client offers: core's development build registers them; otherwise `undefined`. */
export function actionsOf(client: AuthClient): InspectActions | undefined {
  return inspectActions(client);
}

/** Calls `listener` with each of `client`'s events, its state and timeouts first. Returns stop. */
export function subscribeEvents(
  client: AuthClient,
  listener: (event: DevtoolsEvent) => void,
): () => void {
  return inspectSession(client, listener);
}
