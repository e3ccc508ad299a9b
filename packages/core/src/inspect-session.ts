// What @sesame/devtools reads a client through (`@sesame/core/internals`): the decision events of
// `client.inspect()` as values with their time, plus what the store and the timeouts say, and the
// actions a development build registers. Only tools import this module, so apps ship none of it.
import type {
  InspectActions,
  InspectArgs,
  InspectEvent,
  InspectEventData,
  RefreshReason,
} from './inspect-event';
import { watchWakes } from './inspect-wake';
import type { AuthClient } from './types';

/**
 * Calls `listener` with every {@link InspectEvent} of `client`: its decisions (`client.inspect`),
 * `state changed` (70) on each change of status or error, and `timeouts changed` (71) on each
 * change of `getTimeouts()`, the current state and timeouts first. Adds `reason` to `refreshing`
 * (8): `wake` for a stale token refreshed within seconds of the tab waking (inspect-wake.ts).
 * Returns stop.
 */
export function inspectSession(
  client: AuthClient,
  listener: (event: InspectEvent) => void,
): () => void {
  const send = (...[id, data]: InspectArgs) =>
    listener({ id, at: Date.now(), data } as InspectEvent);
  let after401 = false;
  const wakes = watchWakes();
  const stopEvents = client.inspect((...event: InspectArgs) => {
    const [id] = event;
    if (id === 8) {
      send(8, { reason: refreshReason(client, after401, wakes.wokeRecently()) });
      after401 = false;
      return;
    }
    // A 401 (16) leads to the next refresh, unless that ends otherwise (shared, or another tab's).
    if (id === 16) after401 = true;
    else if (id === 11 || id === 17) after401 = false;
    send(...event);
  });
  let last = client.getSnapshot();
  const state = (): InspectEventData[70] => ({ status: last.status, code: last.error?.code });
  send(70, state());
  const stopState = client.subscribe(() => {
    const next = client.getSnapshot();
    // A new token alone also notifies subscribers: not a change of state.
    if (next.status === last.status && next.error === last.error) return;
    last = next;
    send(70, state());
  });
  const timeouts = () => {
    const { idle, sessionExpiresAt, sessionEndsSoon } = client.getTimeouts();
    send(71, { idle, sessionExpiresAt, sessionEndsSoon });
  };
  timeouts();
  const stopTimeouts = client.subscribeTimeouts(timeouts);
  return () => {
    stopEvents();
    stopState();
    stopTimeouts();
    wakes.stop();
  };
}

/** Why a refresh starting now runs (browser mode: the only one that refreshes in the page). */
function refreshReason(client: AuthClient, after401: boolean, woke: boolean): RefreshReason {
  if (after401) return '401';
  const expiresAt = client.getSnapshot().user?.accessTokenExpiresAt;
  const margin =
    'refreshBeforeExpirySeconds' in client.settings
      ? client.settings.refreshBeforeExpirySeconds
      : 0;
  if (expiresAt !== undefined && expiresAt - margin * 1000 > Date.now()) return 'forced';
  return woke ? 'wake' : 'stale';
}

/**
 * The devtools actions `client` registered, or `undefined`: a production build of core, or the
 * `@sesame/testing` mock. See {@link InspectActions}.
 */
export function inspectActions(client: AuthClient): InspectActions | undefined {
  return (client.inspect as { actions?: InspectActions }).actions;
}
