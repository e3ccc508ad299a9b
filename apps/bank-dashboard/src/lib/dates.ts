import { LOCALE } from './money';

const DAY = { day: 'numeric', month: 'short', year: 'numeric' } as const;
const SHORT_DAY = { day: 'numeric', month: 'short' } as const;
const day = new Intl.DateTimeFormat(LOCALE, DAY);
const shortDay = new Intl.DateTimeFormat(LOCALE, SHORT_DAY);
// A calendar date (`2025-03-15`) parses as UTC midnight: format it in UTC, or a customer west of
// Greenwich would see the day before.
const dayUtc = new Intl.DateTimeFormat(LOCALE, { ...DAY, timeZone: 'UTC' });
const shortDayUtc = new Intl.DateTimeFormat(LOCALE, { ...SHORT_DAY, timeZone: 'UTC' });
const time = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit' });

type DateInput = string | number | Date;
const isCalendarDate = (value: DateInput) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** `2025-03-15` or an ISO timestamp → `15 Mar 2025`. */
export const formatDay = (value: DateInput) =>
  (isCalendarDate(value) ? dayUtc : day).format(new Date(value));
/** → `15 Mar`. */
export const formatShortDay = (value: DateInput) =>
  (isCalendarDate(value) ? shortDayUtc : shortDay).format(new Date(value));
/** → `14:05`. */
export const formatTime = (value: DateInput) => time.format(new Date(value));
