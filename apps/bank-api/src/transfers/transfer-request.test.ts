import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { parseTransferRequest } from './transfer-request.js';

const base = {
  fromAccountId: 'acc_jane_checking',
  toAccountId: 'acc_jane_savings',
  amount: '10.00',
  currency: 'EUR',
};

function codeOf(body: unknown): string {
  try {
    parseTransferRequest(body);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.status).toBe(422);
    return error.code;
  }
}

describe('parseTransferRequest', () => {
  it('accepts the three destination forms', () => {
    expect(parseTransferRequest(base)).toMatchObject({
      destination: { kind: 'account', accountId: 'acc_jane_savings' },
      amountMinor: 1000,
      reference: undefined,
    });
    const { toAccountId: _, ...noDestination } = base;
    expect(
      parseTransferRequest({ ...noDestination, toPayeeId: 'payee_jane_1' }).destination,
    ).toEqual({
      kind: 'payee',
      payeeId: 'payee_jane_1',
    });
    expect(
      parseTransferRequest({
        ...noDestination,
        toIban: 'de89 3704 0044 0532 0130 00',
        toName: ' Max ',
      }).destination,
    ).toEqual({ kind: 'iban', iban: 'DE89370400440532013000', name: 'Max' });
  });

  it.each([
    ['a number amount', { amount: 10 }, 'invalid_amount'],
    ['a negative amount', { amount: '-1.00' }, 'invalid_amount'],
    ['a zero amount', { amount: '0.00' }, 'invalid_amount'],
    ['a non-numeric amount', { amount: 'ten' }, 'invalid_amount'],
    ['too many decimals', { amount: '1.001' }, 'invalid_amount'],
    ['no amount', { amount: undefined }, 'invalid_amount'],
    ['an unknown currency', { currency: 'USD' }, 'unsupported_currency'],
    ['a lower-case currency', { currency: 'eur' }, 'unsupported_currency'],
    ['no currency', { currency: undefined }, 'validation_failed'],
    ['no destination', { toAccountId: undefined }, 'validation_failed'],
    ['two destinations', { toPayeeId: 'payee_jane_1' }, 'validation_failed'],
    ['toName without toIban', { toName: 'x' }, 'validation_failed'],
    ['an unknown field', { ammount: '1.00' }, 'validation_failed'],
    ['a bad account id', { fromAccountId: '../etc' }, 'validation_failed'],
    ['a reference with control characters', { reference: 'a\u0000b' }, 'validation_failed'],
    ['an over-long reference', { reference: 'x'.repeat(141) }, 'validation_failed'],
  ])('refuses %s', (_name, patch, code) => {
    const body: Record<string, unknown> = { ...base, ...patch };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    expect(codeOf(body)).toBe(code);
  });

  it('refuses a bad IBAN and an IBAN without a name', () => {
    const { toAccountId: _, ...rest } = base;
    expect(codeOf({ ...rest, toIban: 'DE00370400440532013000', toName: 'Max' })).toBe(
      'invalid_iban',
    );
    expect(codeOf({ ...rest, toIban: 'DE89370400440532013000' })).toBe('validation_failed');
  });

  it('refuses bodies that are not objects', () => {
    for (const body of [null, [], 'text', 42]) expect(codeOf(body)).toBe('validation_failed');
  });

  it('lists field problems in details', () => {
    try {
      parseTransferRequest({ ...base, fromAccountId: 5, extra: true });
      expect.unreachable();
    } catch (error) {
      expect((error as ApiError).details?.map((detail) => detail.path)).toEqual(
        expect.arrayContaining(['fromAccountId']),
      );
    }
  });
});
