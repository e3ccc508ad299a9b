/** What the idle timer publishes: whether to warn, and the seconds left while warning. */
export interface IdleState {
  /** True from `idleWarningSeconds` before the limit until the user stays or is signed out. */
  readonly warning: boolean;
  /** Whole seconds until sign-out, ticking once a second during the warning; `null` before it. */
  readonly secondsLeft: number | null;
}

/** What {@link createIdleTimer} needs. */
export interface IdleTimerOptions {
  timeoutMs: number;
  warningMs: number;
  /** A new state (only on a change: entering or leaving the warning, or a tick during it). */
  publish(state: IdleState): void;
  /** The limit passed. Called once per start(). */
  expire(): void;
  /** Activity in this tab moved the limit: share it (throttled here; explicit ones at once). */
  share(at: number, explicit: boolean): void;
}

// Events that mean someone is at this tab. Listened to passively: they cost a timestamp each.
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The inactivity limit for one tab, fed with this tab's activity and the other tabs' (`activity()`).
 * One timer at a time: to the warning, then once a second to the limit. Activity only moves a
 * timestamp, and the timer re-reads it when it fires, so a stream of pointer events costs nothing
 * more. Once the warning shows, ordinary activity no longer counts: only an explicit "stay signed in"
 * does, so a stray mouse move does not dismiss a warning the user never read.
 * Timers are late in background tabs and during sleep; every decision is made from the clock.
 */
export function createIdleTimer(options: IdleTimerOptions) {
  const { timeoutMs, warningMs } = options;
  // Tell the other tabs about ordinary activity this often at most.
  const shareEveryMs = Math.max(1000, Math.min(5000, warningMs / 4));
  let last = 0;
  let lastShared = 0;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let published: IdleState | null = null;

  const deadline = () => last + timeoutMs;
  const warningAt = (now: number) => now >= deadline() - warningMs;

  function publish(state: IdleState) {
    if (published?.warning === state.warning && published.secondsLeft === state.secondsLeft) return;
    published = state;
    options.publish(state);
  }

  function evaluate() {
    clearTimeout(timer);
    if (!running) return;
    const now = Date.now();
    const left = deadline() - now;
    if (left <= 0) {
      stop();
      options.expire();
    } else if (!warningAt(now)) {
      publish({ warning: false, secondsLeft: null });
      timer = setTimeout(evaluate, left - warningMs);
    } else {
      const secondsLeft = Math.ceil(left / 1000);
      publish({ warning: true, secondsLeft });
      // Wake at the next whole second before the deadline, so the count never skips or stalls.
      timer = setTimeout(evaluate, left - (secondsLeft - 1) * 1000);
    }
  }

  /** Records activity at `at` (epoch ms). Returns whether it moved the limit. */
  function activity(at: number, explicit: boolean): boolean {
    if (!running) return false;
    const now = Date.now();
    if (now >= deadline()) {
      evaluate(); // too late: the limit passed while timers slept
      return false;
    }
    const warning = warningAt(now);
    if ((warning && !explicit) || at <= last) return false;
    last = Math.min(at, now);
    if (warning || explicit) evaluate();
    return true;
  }

  function local(explicit: boolean) {
    const now = Date.now();
    if (activity(now, explicit) && (explicit || now - lastShared >= shareEveryMs)) {
      lastShared = now;
      options.share(now, explicit);
    }
  }

  const onEvent = () => local(false);
  const onVisibility = () => {
    // Coming back after the limit passed signs out; it must not count as activity first.
    if (document.visibilityState === 'visible') {
      evaluate();
      local(false);
    }
  };

  function stop() {
    if (running) {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onEvent, true);
      document.removeEventListener('visibilitychange', onVisibility);
    }
    running = false;
    published = null;
    clearTimeout(timer);
  }

  return {
    /** Starts counting from `lastActivity` (epoch ms; a stored value from an earlier page, or now). */
    start(lastActivity: number) {
      if (!running) {
        for (const type of ACTIVITY_EVENTS) {
          window.addEventListener(type, onEvent, { capture: true, passive: true });
        }
        document.addEventListener('visibilitychange', onVisibility);
      }
      running = true;
      last = Math.min(lastActivity, Date.now());
      lastShared = 0;
      evaluate();
    },
    /** Stops counting (signed out, or the client disposed). */
    stop,
    /** Activity another tab reported. */
    remote: (at: number, explicit: boolean) => activity(at, explicit),
    /** Activity in this tab; `explicit` for "stay signed in" (counts even during the warning). */
    local,
    get running() {
      return running;
    },
  };
}

/** What the client gives {@link idleTimer}: the limits, and where activity is kept and shared. */
export interface IdleContext {
  timeoutMs: number;
  warningMs: number;
  /** Where the last activity time is kept, so a page reopened after the limit starts signed out. */
  storage: Storage;
  /** The storage key of the last activity time (one per client). */
  key: string;
  /** A new idle state, or `null` when nobody is signed in. */
  publish(state: IdleState | null): void;
  /** The limit passed: sign out. */
  expire(): void;
  /** Tells the other tabs about activity here. */
  post(message: { type: 'activity'; at: number; explicit: boolean }): void;
  /** Whether someone is signed in (the timer runs only then). */
  signedIn(): boolean;
}

/**
 * The shape of {@link idleTimer}: makes the idle timeout of one client. The client passes its parts
 * positionally and this module builds the {@link IdleContext}: property names cannot be minified,
 * and apps without an idle timeout would ship them all.
 */
export type IdleTimer = (
  /** `idleTimeoutSeconds` (set whenever the client calls this) and `idleWarningSeconds`. */
  limits: { idleTimeoutSeconds?: number | undefined; idleWarningSeconds?: number | undefined },
  storage: IdleContext['storage'],
  /** The client's id: the storage key is `sesame.activity:<id>`. */
  id: string,
  publish: IdleContext['publish'],
  expire: IdleContext['expire'],
  post: IdleContext['post'],
  signedIn: IdleContext['signedIn'],
) => {
  /** Starts counting if someone is signed in and it is not counting yet. */
  start(): void;
  /** Activity another tab reported. */
  remote(at: number, explicit: boolean): void;
  /** "Stay signed in" in this tab. */
  report(): void;
  /** Nobody is signed in any more. */
  end(): void;
  /** The client is disposed. */
  stop(): void;
};

/**
 * The idle timeout of one client across its tabs: the timer of this tab, the last activity time in
 * storage, and the activity the tabs tell each other. Made by the client from the `idleTimer` setting.
 */
const createIdleSession: IdleTimer = (limits, storage, id, publish, expire, post, signedIn) => {
  const key = `sesame.activity:${id}`;
  const save = (at: number) => {
    try {
      if (Number(storage.getItem(key)) < at) storage.setItem(key, String(at));
    } catch {
      // storage full or disabled: the other tabs still hear about it on the channel
    }
  };
  const timer = createIdleTimer({
    timeoutMs: limits.idleTimeoutSeconds! * 1000,
    warningMs: (limits.idleWarningSeconds ?? 0) * 1000,
    publish,
    expire,
    share(at, explicit) {
      save(at);
      post({ type: 'activity', at, explicit });
    },
  });
  return {
    /** Starts counting if someone is signed in and it is not counting yet. */
    start() {
      if (timer.running || !signedIn()) return;
      const stored = Number(storage.getItem(key));
      // A stored time from an earlier page counts (a reload is not activity enough to forgive an hour away).
      const now = Date.now();
      timer.start(stored > 0 && stored <= now ? stored : now);
      if (!(stored > 0)) save(now);
    },
    /** Activity another tab reported. */
    remote(at: number, explicit: boolean) {
      if (timer.remote(at, explicit)) save(at);
    },
    /** "Stay signed in" in this tab: counts in every tab, even during the warning. */
    report: () => timer.local(true),
    /** Nobody is signed in any more: stop, and forget the last activity. */
    end() {
      timer.stop();
      publish(null);
      try {
        storage.removeItem(key);
      } catch {
        // nothing stored
      }
    },
    /** The client is disposed. */
    stop: timer.stop,
  };
};

/**
 * The idle timer, for `idleTimeoutSeconds`: pass it as the `idleTimer` setting
 * (`createAuthClient({ ..., idleTimeoutSeconds: 600, idleTimer })`).
 */
export const idleTimer: IdleTimer = createIdleSession;
