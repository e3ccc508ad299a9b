/** The bank's notion of "now": seed dates, booking times and balance-history days all use it. */
export interface BankClock {
  now(): Date;
  /** The current business date, `YYYY-MM-DD` (UTC). */
  today(): string;
  /** The day the seed data is anchored to: seeded transactions all happen before it. */
  readonly anchorDate: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  return (
    ISO_DATE.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/**
 * Without an anchor the bank runs on real time and seeds relative to the day it started.
 * With an anchor (`YYYY-MM-DD`) the bank's clock starts at noon UTC on that day and advances in
 * real time from there, so that seeded data, new bookings and charts look the same on any day:
 * that is what screenshot tests pin.
 */
export function createBankClock(anchorDate?: string, realNow: () => number = Date.now): BankClock {
  if (anchorDate === undefined) {
    const startedOn = isoDay(new Date(realNow()));
    return {
      anchorDate: startedOn,
      now: () => new Date(realNow()),
      today: () => isoDay(new Date(realNow())),
    };
  }
  if (!isIsoDate(anchorDate)) throw new TypeError('anchorDate must be a YYYY-MM-DD date');
  const startedAt = realNow();
  const anchorNoon = Date.parse(`${anchorDate}T12:00:00Z`);
  const now = () => new Date(anchorNoon + (realNow() - startedAt));
  return { anchorDate, now, today: () => isoDay(now()) };
}
