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
import { devtoolsEvents } from './devtools-events';
import { watchFetch } from './fetch-watch';
import { watchChannel, watchRefreshLock, type Emit } from './tab-watch';

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

/**
 * The sentence and kind of event number `id`: core's labels, then the devtools' own (90 and up); a
 * number neither labels yet: `event #id`.
 */
export function describeEvent(id: number): readonly [sentence: string, kind: EventKind] {
  return inspectEvents[id] ?? devtoolsEvents[id] ?? [`event #${id}`, 'session'];
}

/** The devtools actions a client offers: core's development build registers them; otherwise `undefined`. */
export function actionsOf(client: AuthClient): InspectActions | undefined {
  return inspectActions(client);
}

/**
 * Calls `listener` with each of `client`'s events, its state and timeouts first, and with what the
 * devtools watch themselves (devtools-events.ts): the tabs' messages, the refresh lock's holder, and
 * each `client.fetch` with its answer. Returns stop.
 */
export function subscribeEvents(
  client: AuthClient,
  listener: (event: DevtoolsEvent) => void,
): () => void {
  const own: Emit = (id, data) => listener({ id, at: Date.now(), data });
  const stops = [
    inspectSession(client, listener),
    watchChannel(client, own),
    watchRefreshLock(client, own),
    watchFetch(client, own),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
