import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { Bank } from './bank.js';
import { createBankClock } from './clock.js';
import { readPageQuery, transactionPage } from './transaction-page.js';

const bank = new Bank(createBankClock('2025-03-15'));
const account = bank.account('usr_jane_doe', 'acc_jane_checking');

function page(query: string) {
  return transactionPage(account, readPageQuery(account.id, new URLSearchParams(query)));
}

function code(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? error.code : 'other';
  }
}

describe('transaction pages', () => {
  it('lists newest first, 20 by default', () => {
    const first = page('');
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toBe(account.transactions.at(-1));
    const dates = first.items.map((item) => item.bookedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('walks the whole history with the cursor, without repeats or gaps', () => {
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 100; guard += 1) {
      const result = page(`limit=37&cursor=${cursor}`);
      seen.push(...result.items.map((item) => item.id));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(account.transactions.map((item) => item.id).reverse());
  });

  it('keeps a cursor stable when new bookings arrive between pages', () => {
    const first = page('limit=5');
    bank.ledger.post(account, {
      id: 'txn_new',
      bookedAt: '2025-03-15T12:00:00.000Z',
      amountMinor: -1,
      description: 'New booking',
      counterpartyName: 'Shop',
      counterpartyIban: undefined,
      category: 'shopping',
      reference: undefined,
      transferId: undefined,
    });
    const second = page(`limit=5&cursor=${first.nextCursor}`);
    const expected = account.transactions.slice(0, -1).reverse().slice(5, 10);
    expect(second.items.map((item) => item.id)).toEqual(expected.map((item) => item.id));
  });

  it('filters by text in description, counterparty or reference, case-insensitively', () => {
    const result = page('q=SALARY&limit=100');
    expect(result.items.length).toBeGreaterThan(3);
    expect(result.items.every((item) => item.description.toLowerCase().includes('salary'))).toBe(
      true,
    );
    const byCounterparty = page('q=freshmart&limit=100');
    expect(byCounterparty.items.length).toBeGreaterThan(0);
    expect(byCounterparty.items.every((item) => item.counterpartyName === 'FreshMart')).toBe(true);
    expect(page('q=no-such-text').items).toEqual([]);
    expect(page('q=no-such-text').nextCursor).toBeNull();
  });

  it('says there is no next page when the last match was returned', () => {
    const all = page('q=salary&limit=100');
    const exact = page(`q=salary&limit=${all.items.length}`);
    expect(exact.nextCursor).toBeNull();
  });

  it.each(['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'limit=-1', `q=${'x'.repeat(101)}`])(
    'refuses %s with invalid_query',
    (query) => {
      expect(code(() => page(query))).toBe('invalid_query');
    },
  );

  it('refuses a forged cursor and another account’s cursor', () => {
    expect(code(() => page('cursor=garbage'))).toBe('invalid_cursor');
    const other = bank.account('usr_jane_doe', 'acc_jane_savings');
    const otherCursor = transactionPage(
      other,
      readPageQuery(other.id, new URLSearchParams('limit=1')),
    );
    expect(code(() => page(`cursor=${otherCursor.nextCursor}`))).toBe('invalid_cursor');
  });
});
