import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../http/api-error.js';
import type { Bank } from './bank.js';
import type { Card } from './model.js';

/** How many cards one customer may hold (frozen ones count). */
export const MAX_CARDS_PER_CUSTOMER = 5;

/** The body of `POST /cards`: which checking account the new debit card draws on. */
export const cardRequestSchema = z.strictObject({
  accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an identifier'),
  brand: z.enum(['visa', 'mastercard']).optional(),
});

/** Issues a new debit card on one of the customer's checking accounts. */
export function requestCard(bank: Bank, sub: string, body: unknown): Card {
  const parsed = cardRequestSchema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(body)',
      message: issue.message,
    }));
    throw new ApiError(422, 'validation_failed', `${details[0]?.path}: ${details[0]?.message}`, {
      details,
    });
  }
  const account = bank.account(sub, parsed.data.accountId);
  if (account.type !== 'checking') {
    throw new ApiError(422, 'account_not_eligible', 'Debit cards draw on checking accounts only.');
  }
  const cards = bank.cards(sub);
  if (cards.length >= MAX_CARDS_PER_CUSTOMER) {
    throw new ApiError(
      422,
      'card_limit_reached',
      `At most ${MAX_CARDS_PER_CUSTOMER} cards per customer.`,
    );
  }
  const now = bank.clock.now();
  const expiryYear = String((now.getUTCFullYear() + 4) % 100).padStart(2, '0');
  const card: Card = {
    id: `card_${randomInt(0, 2 ** 47).toString(36)}${randomInt(0, 2 ** 47).toString(36)}`,
    ownerSub: sub,
    accountId: account.id,
    brand: parsed.data.brand ?? 'visa',
    last4: String(randomInt(0, 10_000)).padStart(4, '0'),
    holderName: bank.customer(sub).name,
    expiry: `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${expiryYear}`,
    status: 'active',
    issuedAt: now.toISOString(),
  };
  cards.push(card);
  return card;
}

/** Freezes or unfreezes a card; doing it twice is harmless (the same card comes back). */
export function setCardFrozen(bank: Bank, sub: string, cardId: string, frozen: boolean): Card {
  const card = bank.card(sub, cardId);
  card.status = frozen ? 'frozen' : 'active';
  return card;
}
