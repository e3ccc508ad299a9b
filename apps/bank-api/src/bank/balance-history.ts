import { ApiError } from '../http/api-error.js';
import { addDays } from './clock.js';
import type { Account } from './model.js';

export const DEFAULT_HISTORY_DAYS = 90;
export const MAX_HISTORY_DAYS = 366;

/** Reads `days` (1..366, default 90) from a query string. */
export function readHistoryDays(params: URLSearchParams): number {
  const raw = params.get('days');
  if (raw === null) return DEFAULT_HISTORY_DAYS;
  const days = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(days >= 1 && days <= MAX_HISTORY_DAYS)) {
    throw new ApiError(
      400,
      'invalid_query',
      `days must be an integer from 1 to ${MAX_HISTORY_DAYS}.`,
    );
  }
  return days;
}

/**
 * Closing balance of each of the `days` days ending with `today`, oldest first (chart order).
 * Walks the history backwards from the current balance, undoing each day's bookings.
 */
export function balanceHistory(
  account: Account,
  today: string,
  days: number,
): { date: string; closingBalanceMinor: number }[] {
  const points: { date: string; closingBalanceMinor: number }[] = [];
  let balance = account.balanceMinor;
  let index = account.transactions.length - 1;
  // Bookings dated after `today` (none, unless the clock moved back) are undone first.
  while (index >= 0 && (account.transactions[index]?.bookedAt.slice(0, 10) ?? '') > today) {
    balance -= account.transactions[index]?.amountMinor ?? 0;
    index -= 1;
  }
  for (let offset = 0; offset < days; offset += 1) {
    const date = addDays(today, -offset);
    points.push({ date, closingBalanceMinor: balance });
    while (index >= 0 && (account.transactions[index]?.bookedAt.slice(0, 10) ?? '') === date) {
      balance -= account.transactions[index]?.amountMinor ?? 0;
      index -= 1;
    }
  }
  return points.reverse();
}
