// The one place the panel meets core's event stream (`client.inspect`) and its devtools hooks.
// PROVISIONAL until core's inspect types are built: see /work/notes/inspect-contract.md.
import type { AuthClient } from '@sesame/core';

/** One event as delivered by `client.inspect()`: its stable number, when (epoch ms) and its data. */
export interface DevtoolsEvent {
  readonly id: number;
  readonly at: number;
  readonly data?: unknown;
}

/** What an event is about: the timeline's filters. */
export type EventKind = 'session' | 'sign-in' | 'token' | 'request' | 'tabs' | 'sign-out';

/** Every kind, in the order the filters list them. */
export const EVENT_KINDS: readonly EventKind[] = [
  'session',
  'sign-in',
  'token',
  'request',
  'tabs',
  'sign-out',
];

/** The sentence and kind of event number `id`. */
export function describeEvent(id: number): readonly [sentence: string, kind: EventKind] {
  if (id === 70) return ['state changed', 'session'];
  if (id === 71) return ['timeouts changed', 'session'];
  return [`event #${id}`, 'session'];
}

/** The devtools actions a client offers (development builds only). */
export interface DevtoolsActions {
  forceRefresh(): Promise<void>;
  expireAccessToken?(): void;
  simulate401?(): void;
  signOutThisTab(): void;
}

/** The client's devtools actions, or `undefined` (a production build of core, or an older core). */
export function actionsOf(_client: AuthClient): DevtoolsActions | undefined {
  return undefined;
}

/** Calls `listener` with each of `client`'s events, and with its state changes (70). Returns stop. */
export function subscribeEvents(client: AuthClient, listener: (event: DevtoolsEvent) => void) {
  // Core hands listeners either an event object or (id, data) (its contract is settling).
  const inspect = (
    client as unknown as { inspect?: (l: (...args: unknown[]) => void) => () => void }
  ).inspect;
  const stopInspect = inspect?.((first: unknown, data?: unknown) =>
    listener(
      typeof first === 'number' ? { id: first, at: Date.now(), data } : (first as DevtoolsEvent),
    ),
  );
  let last = client.getSnapshot();
  const stateEvent = () => ({
    id: 70,
    at: Date.now(),
    data: { status: last.status, code: last.error?.code },
  });
  listener(stateEvent());
  const stopState = client.subscribe(() => {
    const next = client.getSnapshot();
    if (next.status === last.status && next.error === last.error) return;
    last = next;
    listener(stateEvent());
  });
  return () => {
    stopInspect?.();
    stopState();
  };
}
