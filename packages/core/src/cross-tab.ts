/**
 * What the tabs of one app (one client_id at one authority) tell each other. No message carries a
 * token: a tab that needs the new tokens reads them from shared storage (`storage: 'local'`).
 */
export type TabMessage =
  /** The stored user changed (sign-in or refresh). */
  | { type: 'user' }
  /** Someone signed out (or was signed out for inactivity): every tab drops its session. */
  | { type: 'signed-out'; reason: 'sign_out' | 'idle_timeout' }
  /** The user did something at `at` (epoch ms); `explicit` = "stay signed in", not a mere key press. */
  | { type: 'activity'; at: number; explicit: boolean };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

function parse(data: unknown): TabMessage | null {
  // Object(): a primitive or null becomes an object without `type`, so it is dropped below.
  const m = Object(data) as Record<string, unknown>;
  if (m.type === 'user') return { type: 'user' };
  if (m.type === 'signed-out') {
    return {
      type: 'signed-out',
      reason: m.reason === 'idle_timeout' ? 'idle_timeout' : 'sign_out',
    };
  }
  // Number.isFinite is false for anything but a finite number (it never converts a string).
  if (m.type === 'activity' && Number.isFinite(m.at)) {
    return { type: 'activity', at: m.at as number, explicit: m.explicit === true };
  }
  return null;
}

/**
 * A channel to the other tabs of this origin, over a `BroadcastChannel` (a tab never hears itself).
 * Messages are checked on arrival; a malformed one is dropped. Every browser Sesame can sign in
 * with has `BroadcastChannel` (sign-in needs `crypto.randomUUID`, which came later in every
 * engine), so there is no fallback: the client treats a window without one as no browser at all
 * (`browser_required`, client.ts) and never gets here.
 */
export function createTabChannel(
  name: string,
  onMessage: (message: TabMessage) => void,
): TabChannel {
  // The channel itself, `post` being its postMessage (called on it, so `this` is the channel).
  const channel = new BroadcastChannel(name) as BroadcastChannel & TabChannel;
  // close() ends delivery too: no listener to remove.
  channel.onmessage = (event: MessageEvent) => {
    const message = parse(event.data);
    if (message) onMessage(message);
  };
  channel.post = channel.postMessage;
  return channel;
}
