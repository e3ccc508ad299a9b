// Everything about a BFF-mode session that spans tabs and time: the channel to the other tabs, when
// to ask the BFF again, the idle timer, the session-end deadline and the reauth flag an idle
// sign-out leaves. lifecycle.ts does this for browser mode, around tokens in Web Storage; here the
// tabs share one cookie, so the other tabs are told to ask the BFF instead of reading storage.
import type { ResolvedBffSettings } from './bff-settings';
import type { BffSession } from './bff-session';
import { pageStorage } from './bff-storage';
import { createTabChannel, type TabChannel, type TabMessage } from './cross-tab';
import { createTimeoutsStore } from './timeouts';

/** Why the client asks the BFF who is signed in. `visible` and `focus` are throttled by the client. */
export type CheckReason = 'initialize' | 'timer' | 'visible' | 'focus' | 'online' | 'tab';

/** What the other tabs hear when this tab's session ends, or `null` (nothing). */
export type Announcement =
  { type: 'user' } | { type: 'signed-out'; reason: 'sign_out' | 'idle_timeout' };

export interface BffLifecycleHooks {
  /** Whether someone is signed in in this tab. */
  signedIn(): boolean;
  /** Ask the BFF who is signed in. */
  check(reason: CheckReason): void;
  /** Another tab signed out (the BFF's session is gone): end the session here too. */
  signedOutElsewhere(reason: 'sign_out' | 'idle_timeout'): void;
  /** The idle limit passed in this tab. */
  idleExpired(): void;
}

// A check lands this long after a known end (idle or absolute), so the BFF agrees it has passed.
const END_MARGIN_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The lifecycle of one BFF-mode client (one `baseUrl` on this origin). The client calls
 * `sessionSet` on every change of its session and `start`/`stop` with `initialize`/`dispose`.
 */
export function createBffLifecycle(settings: ResolvedBffSettings, hooks: BffLifecycleHooks) {
  const id = `bff:${settings.baseUrl}`;
  const flags = pageStorage('local'); // shared by the tabs, like the cookie
  const reauthKey = `sesame.reauth:${id}`;
  const timeouts = createTimeoutsStore(settings.sessionEndWarningSeconds * 1000);
  const intervalMs = settings.sessionCheckSeconds * 1000;
  let channel: TabChannel | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: TabMessage) => channel?.post(message);
  const idle =
    settings.idleTimeoutSeconds === undefined
      ? null
      : settings.idleTimer!(
          settings,
          flags,
          id,
          timeouts.setIdle,
          () => hooks.idleExpired(),
          post,
          hooks.signedIn,
        );

  function onMessage(message: TabMessage) {
    if (message.type === 'activity') idle?.remote(message.at, message.explicit);
    else if (message.type === 'signed-out') {
      if (hooks.signedIn()) hooks.signedOutElsewhere(message.reason);
    } else hooks.check('tab'); // another tab saw the session change: the cookie is shared
  }

  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    timeouts.check();
    hooks.check('visible');
  };
  const onFocus = () => hooks.check('focus');
  const onOnline = () => hooks.check('online');

  /**
   * Plans the next check: the regular one (while the tab is visible; ±10 % so tabs do not ask in
   * step), or just after the session's idle or absolute end if that comes first (visible or not:
   * one request at a moment known in advance).
   */
  function schedule(session: BffSession | null) {
    clearTimeout(timer);
    if (!channel) return;
    const now = Date.now();
    const regular = intervalMs ? now + intervalMs * (0.9 + Math.random() / 5) : Infinity;
    const end = Math.min(session?.idleExpiresAt ?? Infinity, session?.sessionExpiresAt ?? Infinity);
    const at = Math.min(regular, end + END_MARGIN_MS);
    if (at === Infinity) return;
    timer = setTimeout(
      () => {
        if (at !== regular || document.visibilityState === 'visible') hooks.check('timer');
        else schedule(session); // hidden: the visibilitychange check covers it when the tab is back
      },
      Math.min(Math.max(0, at - now), MAX_TIMER_MS),
    );
  }

  return {
    timeouts,
    schedule,
    start() {
      if (channel) return;
      channel = createTabChannel(`sesame:${id}`, onMessage);
      document.addEventListener('visibilitychange', onVisible);
      window.addEventListener('focus', onFocus);
      window.addEventListener('online', onOnline);
      timeouts.check();
      idle?.start();
    },
    stop() {
      if (channel) {
        channel.close();
        channel = undefined;
        document.removeEventListener('visibilitychange', onVisible);
        window.removeEventListener('focus', onFocus);
        window.removeEventListener('online', onOnline);
      }
      clearTimeout(timer);
      idle?.stop();
      timeouts.dispose();
    },
    /** After every change of this tab's session; `announce` is what the other tabs should hear. */
    sessionSet(next: BffSession | null, announce: Announcement | null) {
      timeouts.setSessionEnd(next?.sessionExpiresAt ?? null);
      if (next) {
        if (channel) idle?.start();
      } else idle?.end();
      if (announce) post(announce);
      schedule(next);
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
          // storage disabled: the flag lasts as long as this page
        }
      },
    },
  };
}

export type BffLifecycle = ReturnType<typeof createBffLifecycle>;
