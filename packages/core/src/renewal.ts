/**
 * Background renewal: one timer (at the time the client plans: a little after the token turns
 * stale, or when the back-off after a network failure ends), acting only while the tab is visible,
 * and a renewal when the tab becomes visible again. Timers stop in background tabs and during
 * sleep, so `renew` must itself check, from the clock, whether the token is stale when it runs.
 */
export function createRenewal(renew: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  const onVisible = () => {
    if (document.visibilityState === 'visible') renew();
  };
  const stop = () => clearTimeout(timer);
  return {
    start() {
      if (!running) document.addEventListener('visibilitychange', onVisible);
      running = true;
    },
    dispose() {
      if (running) document.removeEventListener('visibilitychange', onVisible);
      running = false;
      stop();
    },
    /** Plans the next renewal at epoch-ms `at` (none when past, or too far for a timer: `Infinity`). */
    schedule(at: number) {
      stop();
      const due = at - Date.now();
      if (running && due > 0 && due < 2 ** 31) timer = setTimeout(onVisible, due);
    },
  };
}
