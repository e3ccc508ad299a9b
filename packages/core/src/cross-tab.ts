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
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.type === 'user') return { type: 'user' };
  if (m.type === 'signed-out') {
    return {
      type: 'signed-out',
      reason: m.reason === 'idle_timeout' ? 'idle_timeout' : 'sign_out',
    };
  }
  if (m.type === 'activity' && typeof m.at === 'number' && Number.isFinite(m.at)) {
    return { type: 'activity', at: m.at, explicit: m.explicit === true };
  }
  return null;
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: this tab hears nobody, which is the best it can do
  }
}

/**
 * A channel to the other tabs of this origin: `BroadcastChannel` where there is one, else `storage`
 * events on a localStorage key written and removed at once (every browser fires those in the other
 * tabs only). Messages are checked on arrival; a malformed one is dropped. A tab never hears itself.
 */
export function createTabChannel(
  name: string,
  onMessage: (message: TabMessage) => void,
): TabChannel {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    // close() ends delivery too: no listener to remove.
    channel.onmessage = (event: MessageEvent) => {
      const message = parse(event.data);
      if (message) onMessage(message);
    };
    return {
      post: (message) => channel.postMessage(message),
      close: () => channel.close(),
    };
  }
  const storage = localStorageOrNull();
  const key = `${name}:message`;
  const listener = (event: StorageEvent) => {
    if (event.key !== key || !event.newValue || event.storageArea !== storage) return;
    try {
      const message = parse(JSON.parse(event.newValue));
      if (message) onMessage(message);
    } catch {
      // not ours, or corrupt
    }
  };
  window.addEventListener('storage', listener);
  return {
    post(message) {
      try {
        // A random id makes two equal messages in a row two changes, so both fire an event.
        storage?.setItem(key, JSON.stringify({ ...message, id: Math.random() }));
        storage?.removeItem(key);
      } catch {
        // quota or disabled storage: the other tabs catch up on their next token request
      }
    },
    close: () => window.removeEventListener('storage', listener),
  };
}
