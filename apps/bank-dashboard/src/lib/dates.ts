import { LOCALE } from './money';

const day = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric' });
const shortDay = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short' });
const time = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit' });

/** `2025-03-15` or an ISO timestamp → `15 Mar 2025`. */
export const formatDay = (value: string | number | Date) => day.format(new Date(value));
/** → `15 Mar`. */
export const formatShortDay = (value: string | number | Date) => shortDay.format(new Date(value));
/** → `14:05`. */
export const formatTime = (value: string | number | Date) => time.format(new Date(value));
