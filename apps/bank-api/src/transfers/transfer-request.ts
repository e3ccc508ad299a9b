import { z } from 'zod';
import { ApiError, type FieldIssue } from '../http/api-error.js';
import { isValidIban, normalizeIban } from '../bank/iban.js';
import {
  CURRENCY_DIGITS,
  amountProblemMessage,
  isSupportedCurrency,
  parseAmount,
} from '../bank/money.js';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an identifier');
// Printable text only: control characters in a reference end up on statements and in exports.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/**
 * The body of `POST /transfers`. Exactly one destination:
 * - `toAccountId`: another of the payer's own accounts (internal transfer);
 * - `toPayeeId`: one of the payer's saved payees (external payment);
 * - `toIban` + `toName`: any IBAN (external, or internal when it is one of the payer's accounts).
 *
 * `amount` is a decimal string in major units ("12.34"), never a number; `currency` is "EUR".
 */
export const transferBodySchema = z
  .strictObject({
    fromAccountId: id,
    toAccountId: id.optional(),
    toPayeeId: id.optional(),
    toIban: z.string().max(42).optional(),
    toName: text(70).pipe(z.string().min(1, 'must not be empty')).optional(),
    amount: z.unknown().optional(),
    currency: z.unknown().optional(),
    reference: text(140).optional(),
  })
  .superRefine((body, ctx) => {
    const destinations = [body.toAccountId, body.toPayeeId, body.toIban].filter(
      (value) => value !== undefined,
    );
    if (destinations.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['toAccountId'],
        message: 'give exactly one of toAccountId, toPayeeId or toIban',
      });
    }
    if (body.toIban !== undefined && body.toName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['toName'], message: 'is required with toIban' });
    }
    if (body.toIban === undefined && body.toName !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['toName'], message: 'is only allowed with toIban' });
    }
  });

export type TransferDestination =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'payee'; readonly payeeId: string }
  | { readonly kind: 'iban'; readonly iban: string; readonly name: string };

/** A transfer request that passed every check that does not need the bank's data. */
export interface TransferRequest {
  readonly fromAccountId: string;
  readonly destination: TransferDestination;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reference: string | undefined;
}

function unprocessable(code: string, message: string, details?: FieldIssue[]): ApiError {
  return new ApiError(422, code, message, details ? { details } : undefined);
}

/**
 * Validates a parsed JSON body. Shape problems come first (`validation_failed`), then the currency
 * (`unsupported_currency`, since it decides how many decimals an amount may have), the amount
 * (`invalid_amount`) and the IBAN (`invalid_iban`); all 422.
 */
export function parseTransferRequest(body: unknown): TransferRequest {
  const parsed = transferBodySchema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(body)',
      message: issue.message,
    }));
    const first = details[0];
    const message = first ? `${first.path}: ${first.message}` : 'invalid transfer request';
    throw unprocessable('validation_failed', message, details);
  }
  const data = parsed.data;
  if (data.amount === undefined) {
    throw unprocessable('invalid_amount', 'amount is required', [
      { path: 'amount', message: 'is required' },
    ]);
  }
  if (typeof data.currency !== 'string' || !isSupportedCurrency(data.currency)) {
    if (data.currency === undefined) {
      throw unprocessable('validation_failed', 'currency is required', [
        { path: 'currency', message: 'is required' },
      ]);
    }
    throw unprocessable('unsupported_currency', 'Only EUR transfers are supported.', [
      { path: 'currency', message: 'must be "EUR"' },
    ]);
  }
  const amount = parseAmount(data.amount, CURRENCY_DIGITS[data.currency]);
  if (!amount.ok) {
    const message = amountProblemMessage(amount.problem);
    throw unprocessable('invalid_amount', message, [{ path: 'amount', message }]);
  }
  let destination: TransferDestination;
  if (data.toAccountId !== undefined) {
    destination = { kind: 'account', accountId: data.toAccountId };
  } else if (data.toPayeeId !== undefined) {
    destination = { kind: 'payee', payeeId: data.toPayeeId };
  } else {
    const iban = normalizeIban(data.toIban ?? '');
    if (!isValidIban(iban)) {
      throw unprocessable('invalid_iban', 'toIban is not a valid IBAN.', [
        { path: 'toIban', message: 'is not a valid IBAN' },
      ]);
    }
    destination = { kind: 'iban', iban, name: data.toName ?? '' };
  }
  return {
    fromAccountId: data.fromAccountId,
    destination,
    amountMinor: amount.minor,
    currency: data.currency,
    reference: data.reference === '' ? undefined : data.reference,
  };
}
