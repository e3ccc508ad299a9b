/**
 * Background renewal: one timer (at the time the client plans: a little after the token turns
 * stale, or when the back-off after a network failure ends), acting only while the tab is visible,
 * and a renewal when the tab becomes visible again (`visible`, which the lifecycle's
 * `visibilitychange` listener calls). Timers stop in background tabs and during sleep, so `renew`
 * must itself check, from the clock, whether the token is stale when it runs. With `enabled` false
 * (`autoRenew: false`) it does nothing.
 */
export function createRenewal(renew: () => void, enabled: boolean) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const visible = () => {
    if (enabled && document.visibilityState === 'visible') renew();
  };
  const stop = () => clearTimeout(timer);
  return {
    visible,
    dispose: stop,
    /** Plans the next renewal at epoch-ms `at` (none when past, or too far for a timer: `Infinity`). */
    schedule(at: number) {
      stop();
      const due = at - Date.now();
      if (enabled && due > 0 && due < 2 ** 31) timer = setTimeout(visible, due);
    },
  };
}
