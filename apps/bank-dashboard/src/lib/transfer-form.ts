import type { Account, Payee, TransferRequest } from '../api/types';
import { isValidIban, normalizeIban } from './iban';
import { amountProblemText, formatMoney, parseAmount } from './money';

export type DestinationKind = 'own' | 'payee' | 'new';

/** What the transfer form holds: strings as typed. */
export interface TransferFormValues {
  fromAccountId: string;
  destinationKind: DestinationKind;
  toAccountId: string;
  toPayeeId: string;
  toIban: string;
  toName: string;
  amount: string;
  reference: string;
}

export type TransferField = Exclude<keyof TransferFormValues, 'destinationKind'>;
export type TransferErrors = Partial<Record<TransferField, string>>;

export const EMPTY_TRANSFER: TransferFormValues = {
  fromAccountId: '',
  destinationKind: 'own',
  toAccountId: '',
  toPayeeId: '',
  toIban: '',
  toName: '',
  amount: '',
  reference: '',
};

const REFERENCE_MAX = 140;
const NAME_MAX = 70;
const CONTROL = /\p{Cc}/u;

/** The reviewed transfer: the request to send and what the confirmation step shows. */
export interface ValidTransfer {
  request: TransferRequest;
  amountMinor: number;
  from: Account;
  toLabel: string;
}

export type TransferValidation =
  { ok: true; transfer: ValidTransfer } | { ok: false; errors: TransferErrors };

/**
 * Checks the form against the customer's own accounts and payees, with messages that say what to
 * do. The bank checks everything again; this catches mistakes before the confirmation step.
 */
export function validateTransfer(
  values: TransferFormValues,
  accounts: readonly Account[],
  payees: readonly Payee[],
): TransferValidation {
  const errors: TransferErrors = {};
  const from = accounts.find((account) => account.id === values.fromAccountId);
  if (!from) errors.fromAccountId = 'Choose the account to pay from.';

  let destination: Record<string, string> = {};
  let toLabel = '';
  if (values.destinationKind === 'own') {
    const to = accounts.find((account) => account.id === values.toAccountId);
    if (!to) errors.toAccountId = 'Choose the account to pay into.';
    else if (from && to.id === from.id)
      errors.toAccountId = 'Choose a different account from the one you pay from.';
    else {
      destination = { toAccountId: to.id };
      toLabel = `${to.name} (${to.ibanFormatted})`;
    }
  } else if (values.destinationKind === 'payee') {
    const payee = payees.find((candidate) => candidate.id === values.toPayeeId);
    if (!payee) errors.toPayeeId = 'Choose a saved payee.';
    else {
      destination = { toPayeeId: payee.id };
      toLabel = `${payee.name} (${payee.ibanFormatted})`;
    }
  } else {
    const iban = normalizeIban(values.toIban);
    const name = values.toName.trim();
    if (!iban) errors.toIban = 'Enter the IBAN to pay.';
    else if (!isValidIban(iban))
      errors.toIban = 'This IBAN is not valid: check it for typing mistakes.';
    else if (from && iban === from.iban) errors.toIban = 'You cannot pay an account into itself.';
    if (!name) errors.toName = "Enter the account holder's name.";
    else if (name.length > NAME_MAX) errors.toName = `Use at most ${NAME_MAX} characters.`;
    else if (CONTROL.test(name)) errors.toName = 'Use letters, digits and punctuation only.';
    if (!errors.toIban && !errors.toName) {
      destination = { toIban: iban, toName: name };
      toLabel = `${name} (${iban.replace(/(.{4})(?=.)/g, '$1 ')})`;
    }
  }

  const amount = parseAmount(values.amount);
  if (!amount.ok) errors.amount = amountProblemText(amount.problem);
  else if (from && amount.minor > from.balanceMinor) {
    errors.amount = `That is more than the ${formatMoney(from.balanceMinor, from.currency)} available.`;
  }

  const reference = values.reference.trim();
  if (reference.length > REFERENCE_MAX)
    errors.reference = `Use at most ${REFERENCE_MAX} characters.`;
  else if (CONTROL.test(reference)) errors.reference = 'Use letters, digits and punctuation only.';

  if (Object.keys(errors).length > 0 || !from || !amount.ok) return { ok: false, errors };
  return {
    ok: true,
    transfer: {
      request: {
        fromAccountId: from.id,
        amount: amount.decimal,
        currency: from.currency,
        ...(reference ? { reference } : {}),
        ...destination,
      } as TransferRequest,
      amountMinor: amount.minor,
      from,
      toLabel,
    },
  };
}

/** Turns the bank's refusal codes into sentences for the form. */
export function transferRefusalText(code: string | undefined): string {
  switch (code) {
    case 'insufficient_funds':
      return 'There is not enough money in the account for this transfer.';
    case 'invalid_iban':
      return 'The bank did not accept this IBAN.';
    case 'same_account':
      return 'You cannot pay an account into itself.';
    case 'account_not_found':
    case 'payee_not_found':
      return 'That account or payee is no longer available. Reload and try again.';
    case 'invalid_amount':
      return 'The bank did not accept this amount.';
    default:
      return 'The bank could not make this transfer.';
  }
}
