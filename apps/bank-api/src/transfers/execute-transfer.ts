import { randomUUID } from 'node:crypto';
import type { Bank } from '../bank/bank.js';
import type { Account } from '../bank/model.js';
import { ApiError } from '../http/api-error.js';
import type { TransferRequest } from './transfer-request.js';

/** A booked transfer, as `POST /transfers` returns it. */
export interface TransferReceipt {
  readonly id: string;
  readonly status: 'booked';
  readonly kind: 'internal' | 'external';
  readonly fromAccountId: string;
  readonly toAccountId: string | null;
  readonly toPayeeId: string | null;
  readonly counterparty: { readonly name: string; readonly iban: string };
  readonly amountMinor: number;
  readonly currency: string;
  readonly reference: string | null;
  readonly bookedAt: string;
  readonly balanceAfterMinor: number;
}

interface Destination {
  account: Account | undefined;
  payeeId: string | undefined;
  name: string;
  iban: string;
}

function resolveDestination(bank: Bank, sub: string, request: TransferRequest): Destination {
  const destination = request.destination;
  switch (destination.kind) {
    case 'account': {
      const account = bank.account(sub, destination.accountId);
      return { account, payeeId: undefined, name: account.name, iban: account.iban };
    }
    case 'payee': {
      const payee = bank.payee(sub, destination.payeeId);
      return { account: undefined, payeeId: payee.id, name: payee.name, iban: payee.iban };
    }
    case 'iban': {
      // Paying one's own IBAN is an internal transfer; every other IBAN leaves the bank (the mock
      // never credits another customer, so payments between customers are external payments).
      const own = bank.ownAccountByIban(sub, destination.iban);
      return own
        ? { account: own, payeeId: undefined, name: own.name, iban: own.iban }
        : {
            account: undefined,
            payeeId: undefined,
            name: destination.name,
            iban: destination.iban,
          };
    }
  }
}

/**
 * Books a transfer for `sub`. Every check runs before the first posting, and the postings run
 * synchronously with no `await` in between, so both legs happen together or neither does.
 */
export function executeTransfer(
  bank: Bank,
  sub: string,
  request: TransferRequest,
): TransferReceipt {
  const from = bank.account(sub, request.fromAccountId);
  const to = resolveDestination(bank, sub, request);
  if (to.account?.id === from.id) {
    throw new ApiError(422, 'same_account', 'The source and destination accounts are the same.');
  }
  if (request.currency !== from.currency || (to.account && to.account.currency !== from.currency)) {
    throw new ApiError(422, 'unsupported_currency', 'The currency does not match the account.');
  }
  if (request.amountMinor > from.balanceMinor) {
    throw new ApiError(
      422,
      'insufficient_funds',
      'The account balance is too low for this transfer.',
    );
  }

  const id = `trf_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const bookedAt = bank.clock.now().toISOString();
  const reference = request.reference;
  const debit = bank.ledger.post(from, {
    id: `txn_${id.slice(4)}_d`,
    bookedAt,
    amountMinor: -request.amountMinor,
    description: reference ?? `Transfer to ${to.name}`,
    counterpartyName: to.name,
    counterpartyIban: to.iban,
    category: to.account ? 'transfer' : 'payment',
    reference,
    transferId: id,
  });
  if (to.account) {
    bank.ledger.post(to.account, {
      id: `txn_${id.slice(4)}_c`,
      bookedAt,
      amountMinor: request.amountMinor,
      description: reference ?? `Transfer from ${from.name}`,
      counterpartyName: from.name,
      counterpartyIban: from.iban,
      category: 'transfer',
      reference,
      transferId: id,
    });
  } else {
    bank.ledger.recordExternalPayment(request.amountMinor);
  }
  return {
    id,
    status: 'booked',
    kind: to.account ? 'internal' : 'external',
    fromAccountId: from.id,
    toAccountId: to.account?.id ?? null,
    toPayeeId: to.payeeId ?? null,
    counterparty: { name: to.name, iban: to.iban },
    amountMinor: request.amountMinor,
    currency: from.currency,
    reference: reference ?? null,
    bookedAt,
    balanceAfterMinor: debit.balanceAfterMinor,
  };
}
