/**
 * Background renewal: a timer a little after a token turns stale (plus up to 5 s of jitter so tabs
 * sharing tokens do not stampede), acting only while the tab is visible, and a renewal when the tab
 * becomes visible again. Timers stop in background tabs and during sleep, so `renew` must itself
 * check whether the token is stale, from the clock, when it runs.
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
    /** Plans the next renewal at epoch-ms `staleAt` (none when undefined or past). */
    schedule(staleAt: number | undefined) {
      stop();
      const due = (staleAt ?? 0) - Date.now();
      if (running && due > 0) {
        timer = setTimeout(onVisible, Math.min(due + Math.random() * 5000, 2 ** 31 - 1));
      }
    },
  };
}
