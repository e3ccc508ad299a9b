/** JSON shapes of the bank API (see apps/bank-api's README). Money is integer minor units. */

export interface Account {
  id: string;
  type: 'checking' | 'savings';
  name: string;
  iban: string;
  ibanFormatted: string;
  currency: string;
  balanceMinor: number;
  openedOn: string;
}

export interface Transaction {
  id: string;
  accountId: string;
  bookedAt: string;
  amountMinor: number;
  currency: string;
  description: string;
  counterparty: { name: string; iban: string | null };
  category: string;
  reference: string | null;
  balanceAfterMinor: number;
  transferId: string | null;
}

export interface TransactionPage {
  items: Transaction[];
  nextCursor: string | null;
}

export interface BalanceHistory {
  accountId: string;
  currency: string;
  days: { date: string; closingBalanceMinor: number }[];
}

export interface Payee {
  id: string;
  name: string;
  iban: string;
  ibanFormatted: string;
}

export interface Card {
  id: string;
  accountId: string;
  type: 'debit';
  brand: 'visa' | 'mastercard';
  last4: string;
  holderName: string;
  expiry: string;
  status: 'active' | 'frozen';
  issuedAt: string;
}

export type TransferDestination =
  { toAccountId: string } | { toPayeeId: string } | { toIban: string; toName: string };

export type TransferRequest = {
  fromAccountId: string;
  /** Decimal string in major units ("12.34"). */
  amount: string;
  currency: string;
  reference?: string;
} & TransferDestination;

export interface TransferReceipt {
  id: string;
  status: 'booked';
  kind: 'internal' | 'external';
  fromAccountId: string;
  toAccountId: string | null;
  toPayeeId: string | null;
  counterparty: { name: string; iban: string };
  amountMinor: number;
  currency: string;
  reference: string | null;
  bookedAt: string;
  balanceAfterMinor: number;
}
