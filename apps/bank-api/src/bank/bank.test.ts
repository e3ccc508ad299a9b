import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { executeTransfer } from '../transfers/execute-transfer.js';
import { parseTransferRequest } from '../transfers/transfer-request.js';
import { Bank } from './bank.js';
import { createBankClock } from './clock.js';

function newBank() {
  return new Bank(createBankClock('2025-03-15', () => Date.parse('2025-06-01T00:00:00Z')));
}

function transfer(bank: Bank, sub: string, body: Record<string, unknown>) {
  return executeTransfer(bank, sub, parseTransferRequest({ currency: 'EUR', ...body }));
}

function apiErrorCode(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.status} ${error.code}` : 'not an ApiError';
  }
}

describe('Bank and ledger', () => {
  it('answers another customer’s account exactly like an unknown one', () => {
    const bank = newBank();
    bank.records('usr_john_smith');
    expect(apiErrorCode(() => bank.account('usr_jane_doe', 'acc_john_checking'))).toBe(
      '404 account_not_found',
    );
    expect(apiErrorCode(() => bank.account('usr_jane_doe', 'acc_nope'))).toBe(
      '404 account_not_found',
    );
  });

  it('moves both sides of an internal transfer together and keeps the total', () => {
    const bank = newBank();
    const before = bank.accounts('usr_jane_doe').map((account) => account.balanceMinor);
    const receipt = transfer(bank, 'usr_jane_doe', {
      fromAccountId: 'acc_jane_checking',
      toAccountId: 'acc_jane_savings',
      amount: '100.00',
      reference: 'Holiday fund',
    });
    const after = bank.accounts('usr_jane_doe').map((account) => account.balanceMinor);
    expect(receipt.kind).toBe('internal');
    expect(after[0]).toBe((before[0] ?? 0) - 10_000);
    expect(after[1]).toBe((before[1] ?? 0) + 10_000);
    expect(bank.ledger.check()).toMatchObject({ balanced: true, externalPaymentsMinor: 0n });
    const credit = bank.account('usr_jane_doe', 'acc_jane_savings').transactions.at(-1);
    expect(credit).toMatchObject({
      amountMinor: 10_000,
      transferId: receipt.id,
      reference: 'Holiday fund',
    });
  });

  it('records an external payment so the invariant still holds', () => {
    const bank = newBank();
    bank.records('usr_jane_doe');
    transfer(bank, 'usr_jane_doe', {
      fromAccountId: 'acc_jane_checking',
      toPayeeId: 'payee_jane_1',
      amount: '25.50',
    });
    transfer(bank, 'usr_jane_doe', {
      fromAccountId: 'acc_jane_checking',
      toIban: 'DE89 3704 0044 0532 0130 00',
      toName: 'Someone Else',
      amount: '4.50',
    });
    const report = bank.ledger.check();
    expect(report.externalPaymentsMinor).toBe(3_000n);
    expect(report.totalMinor + report.externalPaymentsMinor).toBe(report.initialMinor);
    expect(report.balanced).toBe(true);
  });

  it('treats a payment to one of the payer’s own IBANs as internal', () => {
    const bank = newBank();
    const savings = bank.account('usr_jane_doe', 'acc_jane_savings');
    const receipt = transfer(bank, 'usr_jane_doe', {
      fromAccountId: 'acc_jane_checking',
      toIban: savings.iban,
      toName: 'Me',
      amount: '1.00',
    });
    expect(receipt).toMatchObject({ kind: 'internal', toAccountId: 'acc_jane_savings' });
    expect(bank.ledger.externalPaymentsMinorUnits()).toBe(0n);
  });

  it('changes nothing when a transfer is refused', () => {
    const bank = newBank();
    bank.records('usr_john_smith');
    const snapshot = () => JSON.stringify(bank.accounts('usr_jane_doe'));
    const before = snapshot();
    const refusals = [
      { fromAccountId: 'acc_jane_checking', toAccountId: 'acc_jane_checking', amount: '1.00' },
      { fromAccountId: 'acc_jane_checking', toAccountId: 'acc_john_checking', amount: '1.00' },
      { fromAccountId: 'acc_john_checking', toAccountId: 'acc_jane_checking', amount: '1.00' },
      { fromAccountId: 'acc_jane_checking', toPayeeId: 'payee_john_1', amount: '1.00' },
      { fromAccountId: 'acc_jane_checking', toAccountId: 'acc_jane_savings', amount: '999999.99' },
    ];
    expect(
      refusals.map((body) => apiErrorCode(() => transfer(bank, 'usr_jane_doe', body))),
    ).toEqual([
      '422 same_account',
      '404 account_not_found',
      '404 account_not_found',
      '404 payee_not_found',
      '422 insufficient_funds',
    ]);
    expect(snapshot()).toBe(before);
    expect(bank.ledger.check().balanced).toBe(true);
  });

  it('lets a balance go to exactly zero but not below', () => {
    const bank = newBank();
    const checking = bank.account('usr_ann_viewer', 'acc_ann_checking');
    const all = (checking.balanceMinor / 100).toFixed(2);
    transfer(bank, 'usr_ann_viewer', {
      fromAccountId: checking.id,
      toPayeeId: 'payee_ann_1',
      amount: all,
    });
    expect(checking.balanceMinor).toBe(0);
    expect(
      apiErrorCode(() =>
        transfer(bank, 'usr_ann_viewer', {
          fromAccountId: checking.id,
          toPayeeId: 'payee_ann_1',
          amount: '0.01',
        }),
      ),
    ).toBe('422 insufficient_funds');
  });

  it('detects a tampered balance', () => {
    const bank = newBank();
    bank.account('usr_jane_doe', 'acc_jane_checking').balanceMinor += 1;
    const report = bank.ledger.check();
    expect(report.balanced).toBe(false);
    expect(report.problems.join('\n')).toContain('acc_jane_checking');
  });

  it('goes back to the seed on reset', () => {
    const bank = newBank();
    const seeded = bank.account('usr_jane_doe', 'acc_jane_checking').balanceMinor;
    transfer(bank, 'usr_jane_doe', {
      fromAccountId: 'acc_jane_checking',
      toPayeeId: 'payee_jane_1',
      amount: '10',
    });
    bank.reset();
    expect(bank.account('usr_jane_doe', 'acc_jane_checking').balanceMinor).toBe(seeded);
    expect(bank.ledger.externalPaymentsMinorUnits()).toBe(0n);
  });
});
