import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { balanceHistory, readHistoryDays } from './balance-history.js';
import { Bank } from './bank.js';
import { addDays, createBankClock } from './clock.js';

describe('balance history', () => {
  const bank = new Bank(createBankClock('2025-03-15'));
  const account = bank.account('usr_john_smith', 'acc_john_checking');

  it('gives one closing balance per day, oldest first, ending today with the current balance', () => {
    const points = balanceHistory(account, '2025-03-15', 90);
    expect(points).toHaveLength(90);
    expect(points[0]?.date).toBe(addDays('2025-03-15', -89));
    expect(points.at(-1)).toEqual({
      date: '2025-03-15',
      closingBalanceMinor: account.balanceMinor,
    });
  });

  it('matches the running balance of the last booking of each day', () => {
    const points = balanceHistory(account, '2025-03-15', 120);
    for (const point of points) {
      const lastOfDay = account.transactions
        .filter((t) => t.bookedAt.slice(0, 10) <= point.date)
        .at(-1);
      expect(point.closingBalanceMinor).toBe(
        lastOfDay?.balanceAfterMinor ?? account.openingBalanceMinor,
      );
    }
  });

  it('goes flat at the opening balance before the history starts', () => {
    const points = balanceHistory(account, '2025-03-15', 366);
    expect(points[0]?.closingBalanceMinor).toBe(account.openingBalanceMinor);
  });

  it('reads days=1..366, default 90', () => {
    expect(readHistoryDays(new URLSearchParams(''))).toBe(90);
    expect(readHistoryDays(new URLSearchParams('days=7'))).toBe(7);
    for (const bad of ['days=0', 'days=367', 'days=x', 'days=']) {
      expect(() => readHistoryDays(new URLSearchParams(bad))).toThrow(ApiError);
    }
  });
});
