// When this tab last woke: for `inspectSession()` (inspect-session.ts) to tell a refresh after
// sleep from an ordinary stale one. Tools only: apps never import it, so its listeners and its
// heartbeat run only while a devtools panel listens.

/** A refresh this soon after a wake is put down to the wake. */
export const WAKE_WINDOW_MS = 5000;
// The heartbeat, and how late it may be before the tab counts as having slept (timers stop during
// sleep and are throttled to once a minute in background tabs).
const TICK_MS = 1000;
const LATE_MS = 4000;

/**
 * Starts watching for wakes: `visibilitychange` to visible, `pageshow` from the back/forward cache,
 * `resume` (a frozen page thawed), or a heartbeat that fired far too late (the machine slept).
 * `wokeRecently()` says whether one happened within {@link WAKE_WINDOW_MS}.
 */
export function watchWakes(now: () => number = Date.now) {
  let wokeAt = -Infinity;
  let tickedAt = now();
  const woke = () => {
    wokeAt = now();
  };
  const heartbeat = setInterval(() => {
    if (now() - tickedAt > TICK_MS + LATE_MS) woke();
    tickedAt = now();
  }, TICK_MS);
  // Never what keeps a test process (or a server rendering) alive.
  (heartbeat as { unref?: () => void }).unref?.();
  const onVisible = () => {
    if (document.visibilityState === 'visible') woke();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) woke();
  };
  const hasDocument = typeof document !== 'undefined';
  if (hasDocument) {
    document.addEventListener('visibilitychange', onVisible);
    document.addEventListener('resume', woke);
    window.addEventListener('pageshow', onPageShow);
  }
  return {
    /**
     * A wake within the window, or a heartbeat overdue right now (a renewal timer can fire after
     * sleep before the heartbeat does).
     */
    wokeRecently(): boolean {
      const at = now();
      return at - wokeAt <= WAKE_WINDOW_MS || at - tickedAt > TICK_MS + LATE_MS;
    },
    stop() {
      clearInterval(heartbeat);
      if (hasDocument) {
        document.removeEventListener('visibilitychange', onVisible);
        document.removeEventListener('resume', woke);
        window.removeEventListener('pageshow', onPageShow);
      }
    },
  };
}
