import { describe, expect, it } from 'vitest';
import { isValidIban } from './iban.js';
import { HISTORY_DAYS, seedCustomer } from './seed.js';
import { DEMO_SUBS, SESAME_BANK_CODE, seedProfileFor } from './seed-profiles.js';

const ANCHOR = '2025-03-15';

describe('seed data', () => {
  it('is the same every time for the same sub and anchor date', () => {
    for (const sub of [...DEMO_SUBS, 'some-load-test-user-42']) {
      expect(seedCustomer(seedProfileFor(sub), ANCHOR)).toEqual(
        seedCustomer(seedProfileFor(sub), ANCHOR),
      );
    }
  });

  it('gives the demo users their fixed names and readable account ids', () => {
    const jane = seedCustomer(seedProfileFor('usr_jane_doe'), ANCHOR);
    expect(jane.customer.name).toBe('Jane Doe');
    expect(jane.accounts.map((account) => account.id)).toEqual([
      'acc_jane_checking',
      'acc_jane_savings',
    ]);
    expect(seedCustomer(seedProfileFor('usr_ann_viewer'), ANCHOR).customer.name).toBe('Ann Viewer');
    expect(seedCustomer(seedProfileFor('usr_john_smith'), ANCHOR).cards).toHaveLength(2);
  });

  it('gives different subs different banks', () => {
    const a = seedCustomer(seedProfileFor('user-a'), ANCHOR);
    const b = seedCustomer(seedProfileFor('user-b'), ANCHOR);
    expect(a.accounts[0]?.id).not.toBe(b.accounts[0]?.id);
    expect(a.accounts[0]?.iban).not.toBe(b.accounts[0]?.iban);
  });

  it('produces valid IBANs at the mock bank and for every payee', () => {
    for (const sub of [...DEMO_SUBS, 'generated-1', 'generated-2']) {
      const records = seedCustomer(seedProfileFor(sub), ANCHOR);
      for (const account of records.accounts) {
        expect(isValidIban(account.iban)).toBe(true);
        expect(account.iban.slice(4, 12)).toBe(SESAME_BANK_CODE);
      }
      for (const payee of records.payees) expect(isValidIban(payee.iban)).toBe(true);
      for (const transaction of records.accounts.flatMap((account) => account.transactions)) {
        if (transaction.counterpartyIban)
          expect(isValidIban(transaction.counterpartyIban)).toBe(true);
      }
    }
  });

  it('keeps every account history consistent, in time order, before the anchor and never overdrawn', () => {
    for (const sub of [...DEMO_SUBS, 'generated-3']) {
      for (const account of seedCustomer(seedProfileFor(sub), ANCHOR).accounts) {
        let balance = account.openingBalanceMinor;
        let previous = '';
        for (const transaction of account.transactions) {
          balance += transaction.amountMinor;
          expect(transaction.balanceAfterMinor).toBe(balance);
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(Number.isSafeInteger(transaction.amountMinor)).toBe(true);
          expect(transaction.bookedAt >= previous).toBe(true);
          expect(transaction.bookedAt < `${ANCHOR}T00:00:00.000Z`).toBe(true);
          previous = transaction.bookedAt;
        }
        expect(account.balanceMinor).toBe(balance);
      }
    }
  });

  it('covers about six months of history with enough rows to paginate', () => {
    const checking = seedCustomer(seedProfileFor('usr_jane_doe'), ANCHOR).accounts[0];
    expect(checking?.transactions.length).toBeGreaterThan(100);
    expect((checking?.transactions[0]?.bookedAt ?? '').slice(0, 10) >= '2024-09-16').toBe(true);
    expect(HISTORY_DAYS).toBe(180);
  });
});
