import type { AuthClient } from '@sesame/core';
import { subscribeEvents, type DevtoolsEvent } from './inspect-bridge';

/** An event as the panels keep it: with a sequence number for React keys. */
export interface LoggedEvent {
  readonly seq: number;
  readonly event: DevtoolsEvent;
}

/** The newest events a log keeps; older ones fall off (a long session would grow without bound). */
export const EVENT_LOG_LIMIT = 500;

/** A log of a client's events: a small store (`getSnapshot` / `subscribe`) for `useSyncExternalStore`. */
export interface EventLog {
  getSnapshot(): readonly LoggedEvent[];
  subscribe(listener: () => void): () => void;
  clear(): void;
  dispose(): void;
}

/**
 * Starts recording `client`'s events at once (before the panel is opened, so the timeline starts at
 * the page load, not at the first click).
 */
export function createEventLog(client: AuthClient, limit = EVENT_LOG_LIMIT): EventLog {
  const listeners = new Set<() => void>();
  let events: readonly LoggedEvent[] = [];
  let seq = 0;
  const publish = (next: readonly LoggedEvent[]) => {
    events = next;
    for (const listener of [...listeners]) listener();
  };
  const stop = subscribeEvents(client, (event) => {
    const next = [...events, { seq: ++seq, event }];
    publish(next.length > limit ? next.slice(next.length - limit) : next);
  });
  return {
    getSnapshot: () => events,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => publish([]),
    dispose: stop,
  };
}
