/** `YYYY-MM-DD` (UTC) of a date. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/** Whole days from 2020-01-01 to `day`: the price curves' time axis. */
export function dayNumber(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(2020, 0, 1)) / 86_400_000);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `YYYY-MM-DD` string names a real day. */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && isoDay(new Date(`${value}T00:00:00Z`)) === value;
}

/**
 * Today for the API: the real UTC date, or with an anchor the anchor date advancing in real time
 * from noon UTC (as the bank API's clock does), so tests and screenshots see the same figures.
 */
export function createCalendar(
  anchorDate?: string,
  realNow: () => number = Date.now,
): { today(): string } {
  if (anchorDate === undefined) return { today: () => isoDay(new Date(realNow())) };
  if (!isIsoDate(anchorDate)) throw new TypeError('anchorDate must be a YYYY-MM-DD date');
  const startedAt = realNow();
  const anchorNoon = Date.parse(`${anchorDate}T12:00:00Z`);
  return { today: () => isoDay(new Date(anchorNoon + (realNow() - startedAt))) };
}
