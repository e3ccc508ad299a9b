// The one source of Sesame's decision events: every `log(DEV ? 'sentence' : n, data)` goes to the
// configured logger (`debug: true`) and to the listeners of `client.inspect()`. Both clients
// (client.ts, bff-client.ts) make theirs here. With no listener, an event costs what logging cost
// before: a `size` check, no allocation.
// Event numbers are stable and carried by every event in every build; the sentences and kinds
// that label them live in inspect-events.ts, which production bundles never include.
import { DEV, type LogEvent } from './dev';
import type { InspectListener } from './inspect-event';
import { eventNumber } from './inspect-events';
import { emit, register, type Listener } from './listeners';
import type { AuthLogger } from './settings';

/**
 * A client's `log` (to the logger and the inspect listeners) and its `inspect`. Listeners get
 * `(id, data)`, not an object, so that production bundles pay for no more than the call.
 */
export function createInspector(logger: AuthLogger | undefined) {
  const listeners = new Set<InspectListener>();
  return {
    log(event: LogEvent, data?: Record<string, unknown>) {
      // Development builds hand the logger each event's sentence, production builds its number (dev.ts).
      logger?.debug(DEV ? (event as string) : `#${event}`, data);
      if (listeners.size) {
        const id = DEV ? eventNumber(event as string) : (event as number);
        emit(listeners as unknown as Set<Listener<[number, unknown]>>, id, data);
      }
    },
    inspect: register(listeners),
  };
}
