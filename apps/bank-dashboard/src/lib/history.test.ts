import { describe, expect, it } from 'vitest';
import { describeBalances } from '../components/BalanceChart';
import { totalHistory } from './history';

describe('totalHistory', () => {
  it('adds the accounts up day by day, oldest first, a missing day counting as zero', () => {
    const total = totalHistory([
      {
        accountId: 'a',
        currency: 'EUR',
        days: [
          { date: '2025-03-02', closingBalanceMinor: 200 },
          { date: '2025-03-01', closingBalanceMinor: 100 },
        ],
      },
      {
        accountId: 'b',
        currency: 'EUR',
        days: [
          { date: '2025-03-02', closingBalanceMinor: 5 },
          { date: '2025-03-03', closingBalanceMinor: 7 },
        ],
      },
    ]);
    expect(total).toEqual([
      { date: '2025-03-01', minor: 100 },
      { date: '2025-03-02', minor: 205 },
      { date: '2025-03-03', minor: 7 },
    ]);
  });
});

describe('describeBalances', () => {
  it('tells a screen reader the first, last, lowest and highest balances with their dates', () => {
    const text = describeBalances(
      [
        { date: '2025-03-01', minor: 10_000 },
        { date: '2025-03-02', minor: 2_500 },
        { date: '2025-03-03', minor: 99_999 },
        { date: '2025-03-04', minor: 50_000 },
      ],
      'EUR',
    );
    expect(text).toBe(
      'From €100.00 on 1 Mar 2025 to €500.00 on 4 Mar 2025. Lowest €25.00 on 2 Mar 2025, highest €999.99 on 3 Mar 2025.',
    );
    expect(describeBalances([], 'EUR')).toBe('No balance history.');
  });
});

describe('calendar dates', () => {
  it('show the same day in every time zone', async () => {
    const { formatDay, formatShortDay } = await import('./dates');
    expect(formatDay('2025-03-01')).toBe('1 Mar 2025');
    expect(formatShortDay('2025-12-31')).toBe('31 Dec');
  });
});
