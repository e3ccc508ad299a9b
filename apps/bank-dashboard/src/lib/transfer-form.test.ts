import { describe, expect, it } from 'vitest';
import type { Account, Payee } from '../api/types';
import { EMPTY_TRANSFER, transferRefusalText, validateTransfer } from './transfer-form';

const account = (id: string, name: string, iban: string, balanceMinor: number): Account => ({
  id,
  type: 'checking',
  name,
  iban,
  ibanFormatted: iban.replace(/(.{4})(?=.)/g, '$1 '),
  currency: 'EUR',
  balanceMinor,
  openedOn: '2020-01-01',
});
const CHECKING = account('acc_checking', 'Everyday Checking', 'DE89370400440532013000', 50_000);
const SAVINGS = account('acc_savings', 'Savings', 'GB82WEST12345698765432', 10_000);
const PAYEE: Payee = {
  id: 'payee_1',
  name: 'Landlord',
  iban: 'FR1420041010050500013M02606',
  ibanFormatted: 'FR14 2004 1010 0505 0001 3M02 606',
};
const ACCOUNTS = [CHECKING, SAVINGS];

const form = (patch: Partial<typeof EMPTY_TRANSFER>) => ({ ...EMPTY_TRANSFER, ...patch });

describe('validateTransfer', () => {
  it('builds the API request for a transfer between own accounts', () => {
    const result = validateTransfer(
      form({
        fromAccountId: CHECKING.id,
        toAccountId: SAVINGS.id,
        amount: '125.5',
        reference: '  Rent  ',
      }),
      ACCOUNTS,
      [PAYEE],
    );
    expect(result).toEqual({
      ok: true,
      transfer: {
        request: {
          fromAccountId: CHECKING.id,
          toAccountId: SAVINGS.id,
          amount: '125.50',
          currency: 'EUR',
          reference: 'Rent',
        },
        amountMinor: 12550,
        from: CHECKING,
        toLabel: 'Savings (GB82 WEST 1234 5698 7654 32)',
      },
    });
  });

  it('sends a saved payee by id and a new payee by normalized IBAN and trimmed name', () => {
    const payee = validateTransfer(
      form({
        fromAccountId: CHECKING.id,
        destinationKind: 'payee',
        toPayeeId: PAYEE.id,
        amount: '1',
      }),
      ACCOUNTS,
      [PAYEE],
    );
    expect(payee.ok && payee.transfer.request).toMatchObject({ toPayeeId: PAYEE.id });
    const fresh = validateTransfer(
      form({
        fromAccountId: CHECKING.id,
        destinationKind: 'new',
        toIban: 'fr14 2004 1010 0505 0001 3m02 606',
        toName: '  Marie Curie ',
        amount: '1',
      }),
      ACCOUNTS,
      [],
    );
    expect(fresh.ok && fresh.transfer.request).toMatchObject({
      toIban: 'FR1420041010050500013M02606',
      toName: 'Marie Curie',
    });
    expect(fresh.ok && 'reference' in fresh.transfer.request).toBe(false);
  });

  it('lists every problem of an empty form', () => {
    expect(validateTransfer(EMPTY_TRANSFER, ACCOUNTS, [])).toEqual({
      ok: false,
      errors: {
        fromAccountId: 'Choose the account to pay from.',
        toAccountId: 'Choose the account to pay into.',
        amount: 'Enter an amount.',
      },
    });
  });

  it('refuses paying an account into itself, by id or by IBAN', () => {
    const same = validateTransfer(
      form({ fromAccountId: CHECKING.id, toAccountId: CHECKING.id, amount: '5' }),
      ACCOUNTS,
      [],
    );
    expect(same).toMatchObject({
      ok: false,
      errors: { toAccountId: expect.stringContaining('different account') },
    });
    const byIban = validateTransfer(
      form({
        fromAccountId: CHECKING.id,
        destinationKind: 'new',
        toIban: CHECKING.iban,
        toName: 'Me',
        amount: '5',
      }),
      ACCOUNTS,
      [],
    );
    expect(byIban).toMatchObject({
      ok: false,
      errors: { toIban: 'You cannot pay an account into itself.' },
    });
  });

  it('checks the IBAN checksum, the name and the reference', () => {
    const result = validateTransfer(
      form({
        fromAccountId: CHECKING.id,
        destinationKind: 'new',
        toIban: 'DE89 3704 0044 0532 0130 01',
        toName: 'A\u0007B',
        amount: '5',
        reference: 'x'.repeat(141),
      }),
      ACCOUNTS,
      [],
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        toIban: expect.stringContaining('not valid'),
        toName: 'Use letters, digits and punctuation only.',
        reference: 'Use at most 140 characters.',
      },
    });
  });

  it('refuses more than the balance, saying how much is available', () => {
    const result = validateTransfer(
      form({ fromAccountId: SAVINGS.id, toAccountId: CHECKING.id, amount: '100.01' }),
      ACCOUNTS,
      [],
    );
    expect(result).toEqual({
      ok: false,
      errors: { amount: 'That is more than the €100.00 available.' },
    });
    const exact = validateTransfer(
      form({ fromAccountId: SAVINGS.id, toAccountId: CHECKING.id, amount: '100' }),
      ACCOUNTS,
      [],
    );
    expect(exact.ok).toBe(true);
  });

  it("explains the bank's refusals in words, with a fallback", () => {
    expect(transferRefusalText('insufficient_funds')).toContain('not enough money');
    expect(transferRefusalText('something_new')).toBe('The bank could not make this transfer.');
  });
});
