import type { BalanceHistory } from '../api/types';
import type { BalancePoint } from '../components/BalanceChart';

/** Adds up the closing balances of several accounts, day by day (days missing in one count as 0). */
export function totalHistory(histories: readonly BalanceHistory[]): BalancePoint[] {
  const byDate = new Map<string, number>();
  for (const history of histories) {
    for (const day of history.days) {
      byDate.set(day.date, (byDate.get(day.date) ?? 0) + day.closingBalanceMinor);
    }
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, minor]) => ({ date, minor }));
}
