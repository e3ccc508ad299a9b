import { createTabChannel, type TabChannel, type TabMessage } from './cross-tab';
import type { RefreshLock } from './refresh-lock';
import type { ResolvedSettings } from './settings';
import { webStorage, type StoredUser } from './storage';
import { createTimeoutsStore } from './timeouts';

const inTabOnly: RefreshLock = {
  run: (task) => task(),
  announce: async () => {},
  catchUp: async () => {},
  dispose() {},
};

// Background renewals triggered in every tab at once (back online) are spread over this long.
const ONLINE_JITTER_MS = 2000;

/**
 * Everything about a session that spans tabs and time, for one client: the channel to the other
 * tabs, the cross-tab refresh lock, the idle timer, the session-end deadline, and the reauth flag
 * an idle sign-out leaves. The client calls `userSet` on every change of its user and `start`/`stop`
 * with `initialize`/`dispose`.
 *
 * The client's callbacks come positionally (an object's property names would ship in every app):
 * `current` gives the user this tab holds; `adoptStored` takes the user (or nobody) another tab
 * stored, without writing it back; `signedOutElsewhere` ends the session here after another tab
 * signed out; `idleExpired` signs out when the idle limit passed in this tab; `renew` renews a stale
 * token now (back online); `visible` says the tab became visible again (renewal.ts).
 */
export function createLifecycle(
  settings: ResolvedSettings,
  current: () => StoredUser | null,
  adoptStored: () => void,
  signedOutElsewhere: (reason: 'sign_out' | 'idle_timeout') => void,
  idleExpired: () => void,
  renew: () => void,
  visible: () => void,
) {
  const id = `${settings.client_id}@${settings.authority}`;
  const shared = settings.storage === 'local';
  const tokenStorage = webStorage(settings.storage);
  const flags = webStorage('local'); // the reauth flag must reach tabs opened later, whatever `storage` is
  const userKey = `sesame.user:${id}`;
  const reauthKey = `sesame.reauth:${id}`;
  const timeouts = createTimeoutsStore(settings.sessionEndWarningSeconds * 1000);
  // Tokens kept per tab need no lock across tabs: the client's single-flight refresh is enough.
  const lock: RefreshLock = shared
    ? settings.crossTabLock!(id, settings.fetchTimeoutMs, tokenStorage)
    : inTabOnly;
  let channel: TabChannel | undefined;
  let onlineTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: TabMessage) => channel?.post(message);
  const idle =
    settings.idleTimeoutSeconds === undefined
      ? null
      : settings.idleTimer!(
          settings,
          tokenStorage,
          id,
          timeouts.setIdle,
          idleExpired,
          post,
          () => !!current(),
        );

  function onMessage(message: TabMessage) {
    if (message.type === 'activity') {
      idle?.remote(message.at, message.explicit);
    } else if (message.type === 'signed-out') {
      if (current()) signedOutElsewhere(message.reason);
    } else if (shared) {
      adoptStored();
    }
  }

  // In shared storage the stored user is the truth; its storage event also covers lost messages.
  const onStorage = (event: StorageEvent) => {
    if (shared && event.key === userKey && event.storageArea === tokenStorage) adoptStored();
  };
  const onOnline = () => {
    clearTimeout(onlineTimer);
    onlineTimer = setTimeout(renew, Math.random() * ONLINE_JITTER_MS);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') timeouts.check();
    visible();
  };

  return {
    lock,
    timeouts,
    shared,
    start() {
      if (channel) return;
      channel = createTabChannel(`sesame:${id}`, onMessage);
      window.addEventListener('storage', onStorage);
      window.addEventListener('online', onOnline);
      document.addEventListener('visibilitychange', onVisible);
      timeouts.check();
      idle?.start();
    },
    stop() {
      if (channel) {
        channel.close();
        channel = undefined;
        window.removeEventListener('storage', onStorage);
        window.removeEventListener('online', onOnline);
        document.removeEventListener('visibilitychange', onVisible);
      }
      clearTimeout(onlineTimer);
      idle?.stop();
      timeouts.dispose();
      lock.dispose();
    },
    /**
     * After every change of this tab's user. `local`: the change happened here (tell the other tabs);
     * otherwise it was adopted from another tab. `reason` says why a session ended.
     */
    userSet(
      previous: StoredUser | null,
      next: StoredUser | null,
      local: boolean,
      reason: 'sign_out' | 'idle_timeout',
    ) {
      timeouts.setSessionEnd(next?.session_expires_at ? next.session_expires_at * 1000 : null);
      if (next) {
        if (channel) idle?.start();
        if (local && shared && previous?.access_token !== next.access_token) post({ type: 'user' });
      } else {
        idle?.end();
        if (local && previous) post({ type: 'signed-out', reason });
      }
    },
    /** Explicit activity ("stay signed in"): counts in every tab, even during the warning. */
    reportActivity: () => idle?.report(),
    /** After an idle sign-out, the next sign-in must ask for credentials (the IdP session may live on). */
    reauth: {
      required: () => flags.getItem(reauthKey) === '1',
      set: (on: boolean) => {
        try {
          if (on) flags.setItem(reauthKey, '1');
          else flags.removeItem(reauthKey);
        } catch {
          // storage disabled: the flag then lasts as long as this page (memory fallback)
        }
      },
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
