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
  if (typeof value === 'number' && value > 1e12 && value < 1e14)
    return new Date(value).toISOString();
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
