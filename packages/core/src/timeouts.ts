import type { IdleState } from './idle';
import { emit, register } from './listeners';

/**
 * The session's deadlines, kept apart from the main snapshot: the idle countdown ticks once a second
 * during its warning, and only components that read it (`subscribeTimeouts`) re-render for that.
 */
export interface SessionTimeouts {
  /** The idle timeout; `null` when `idleTimeoutSeconds` is not set or nobody is signed in. */
  readonly idle: IdleState | null;
  /** When the session ends for good (the refresh token's absolute lifetime), epoch ms; `null` if unknown. */
  readonly sessionExpiresAt: number | null;
  /** True from `sessionEndWarningSeconds` before `sessionExpiresAt`: tell the user to save their work. */
  readonly sessionEndsSoon: boolean;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The store behind `getTimeouts()` / `subscribeTimeouts()`; a new object only when something changed. */
export function createTimeoutsStore(sessionEndWarningMs: number) {
  const listeners = new Set<() => void>();
  let snapshot: SessionTimeouts = { idle: null, sessionExpiresAt: null, sessionEndsSoon: false };
  let timer: ReturnType<typeof setTimeout> | undefined;

  function set<K extends keyof SessionTimeouts>(key: K, value: SessionTimeouts[K]) {
    if (snapshot[key] === value) return;
    snapshot = { ...snapshot, [key]: value };
    emit(listeners);
  }

  function checkSessionEnd() {
    clearTimeout(timer);
    // NaN when the end is unknown: never "soon", and no timer.
    const due = (snapshot.sessionExpiresAt ?? NaN) - sessionEndWarningMs - Date.now();
    set('sessionEndsSoon', due <= 0);
    // Timers sleep with the machine; check() on wake and visibility catches up.
    if (due > 0) timer = setTimeout(checkSessionEnd, Math.min(due, MAX_TIMER_MS));
  }

  return {
    get: () => snapshot,
    subscribe: register(listeners),
    setIdle: (idle: IdleState | null) => set('idle', idle),
    /** The session's end, epoch ms (`null` when unknown or nobody is signed in). */
    setSessionEnd(sessionExpiresAt: number | null) {
      set('sessionExpiresAt', sessionExpiresAt);
      checkSessionEnd();
    },
    /** Re-evaluates "ends soon" from the clock (after sleep, or when the tab becomes visible). */
    check: checkSessionEnd,
    dispose: () => clearTimeout(timer),
  };
}
