import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAKE_WINDOW_MS, watchWakes } from './inspect-wake';

describe('watchWakes (the wake reason of inspectSession)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a tab made visible woke; the wake counts for a few seconds only', () => {
    const wakes = watchWakes();
    expect(wakes.wokeRecently()).toBe(false);
    document.dispatchEvent(new Event('visibilitychange')); // jsdom: always 'visible'
    expect(wakes.wokeRecently()).toBe(true);
    vi.advanceTimersByTime(WAKE_WINDOW_MS + 1000);
    expect(wakes.wokeRecently()).toBe(false);
    wakes.stop();
  });

  it('a page thawed (resume) or restored from the back/forward cache woke; a fresh load did not', () => {
    const wakes = watchWakes();
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(wakes.wokeRecently()).toBe(false);
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(wakes.wokeRecently()).toBe(true);
    vi.advanceTimersByTime(WAKE_WINDOW_MS + 1000);
    document.dispatchEvent(new Event('resume'));
    expect(wakes.wokeRecently()).toBe(true);
    wakes.stop();
  });

  it('a heartbeat far overdue (timers stopped: the machine slept) is a wake', () => {
    let now = 1_000_000;
    const wakes = watchWakes(() => now);
    now += 60_000; // slept a minute: no timer ran
    expect(wakes.wokeRecently()).toBe(true); // before the late heartbeat fires, too
    vi.advanceTimersByTime(1000); // the late heartbeat
    expect(wakes.wokeRecently()).toBe(true);
    // Then awake: the heartbeat on time, and the wake ages out.
    for (let second = 0; second <= WAKE_WINDOW_MS / 1000; second++) {
      now += 1000;
      vi.advanceTimersByTime(1000);
    }
    expect(wakes.wokeRecently()).toBe(false);
    wakes.stop();
  });

  it('stop removes the listeners', () => {
    const wakes = watchWakes();
    wakes.stop();
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes.wokeRecently()).toBe(false);
  });
});
