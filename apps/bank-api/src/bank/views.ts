import { formatIban } from './iban.js';
import type { Account, Card, Customer, Payee, Transaction } from './model.js';

/** JSON shapes the API answers with. Internal fields (owner, opening balance) never leave. */

export function accountView(account: Account) {
  return {
    id: account.id,
    type: account.type,
    name: account.name,
    iban: account.iban,
    ibanFormatted: formatIban(account.iban),
    currency: account.currency,
    balanceMinor: account.balanceMinor,
    openedOn: account.openedOn,
  };
}

export function transactionView(transaction: Transaction) {
  return {
    id: transaction.id,
    accountId: transaction.accountId,
    bookedAt: transaction.bookedAt,
    amountMinor: transaction.amountMinor,
    currency: transaction.currency,
    description: transaction.description,
    counterparty: {
      name: transaction.counterpartyName,
      iban: transaction.counterpartyIban ?? null,
    },
    category: transaction.category,
    reference: transaction.reference ?? null,
    balanceAfterMinor: transaction.balanceAfterMinor,
    transferId: transaction.transferId ?? null,
  };
}

export function payeeView(payee: Payee) {
  return {
    id: payee.id,
    name: payee.name,
    iban: payee.iban,
    ibanFormatted: formatIban(payee.iban),
  };
}

export function cardView(card: Card) {
  return {
    id: card.id,
    accountId: card.accountId,
    type: 'debit' as const,
    brand: card.brand,
    last4: card.last4,
    holderName: card.holderName,
    expiry: card.expiry,
    status: card.status,
    issuedAt: card.issuedAt,
  };
}

export function customerView(customer: Customer, scopes: ReadonlySet<string>) {
  return {
    sub: customer.sub,
    name: customer.name,
    email: customer.email,
    customerSince: customer.customerSince,
    scopes: [...scopes].sort(),
  };
}
