// Small formatting helpers the panels share: times and countdowns, as a person reads them.

/** `1m 05s`, `42s`, `expired 3s ago`; `never` for Infinity, `unknown` for null. */
export function countdown(until: number | null, now: number): string {
  if (until === null) return 'unknown';
  if (until === Infinity) return 'never';
  const seconds = Math.round((until - now) / 1000);
  const text = duration(Math.abs(seconds));
  return seconds < 0 ? `expired ${text} ago` : text;
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** The wall-clock time of an epoch-ms instant, with milliseconds: `14:03:07.215`. */
export function clockTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A claim or setting value as one line of text. */
export function show(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return 'function';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

// Claims that hold a time in epoch seconds (OpenID Connect Core §2, §5.1).
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

/** A claim's value as one line; times (`exp`, `iat`…) as ISO dates with their number. */
export function showClaim(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${new Date(value * 1000).toISOString()} (${value})`;
  }
  return show(value);
}

/**
 * An event's data as one line for the timeline: the timers (71) in words, with the session's end as
 * a clock time; any other event's data as {@link show} writes it.
 */
export function eventDetails(id: number, data: unknown): string {
  if (data === undefined) return '';
  if (id !== 71) return show(data);
  const { idle, sessionExpiresAt, sessionEndsSoon } = data as {
    idle: { warning: boolean; secondsLeft: number | null } | null;
    sessionExpiresAt: number | null;
    sessionEndsSoon: boolean;
  };
  const idleText = !idle
    ? 'idle timer off'
    : idle.warning
      ? `idle warning: ${idle.secondsLeft ?? '?'}s left`
      : 'idle timer running';
  const end =
    sessionExpiresAt === null
      ? 'session end unknown'
      : `session ends ${clockTime(sessionExpiresAt)}${sessionEndsSoon ? ' (soon)' : ''}`;
  return `${idleText}; ${end}`;
}
