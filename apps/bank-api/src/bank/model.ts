/** The bank's internal records. Handlers never return these directly: see `views.ts`. */

export type AccountType = 'checking' | 'savings';

export interface Customer {
  readonly sub: string;
  readonly name: string;
  readonly email: string;
  /** `YYYY-MM-DD` */
  readonly customerSince: string;
}

export interface Transaction {
  readonly id: string;
  /** Position in the account's history (0 = oldest); cursors point at it. */
  readonly seq: number;
  readonly accountId: string;
  /** ISO 8601 timestamp (UTC). */
  readonly bookedAt: string;
  /** Signed: negative is money leaving the account. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  readonly counterpartyName: string;
  readonly counterpartyIban: string | undefined;
  readonly category: string;
  readonly reference: string | undefined;
  readonly balanceAfterMinor: number;
  readonly transferId: string | undefined;
}

export interface Account {
  readonly id: string;
  readonly ownerSub: string;
  readonly type: AccountType;
  readonly name: string;
  readonly iban: string;
  readonly currency: string;
  readonly openedOn: string;
  /** The balance before the first transaction in `transactions`. */
  readonly openingBalanceMinor: number;
  balanceMinor: number;
  /** Oldest first; only ever appended to. */
  readonly transactions: Transaction[];
}

export interface Payee {
  readonly id: string;
  readonly ownerSub: string;
  readonly name: string;
  readonly iban: string;
}

export type CardStatus = 'active' | 'frozen';

export interface Card {
  readonly id: string;
  readonly ownerSub: string;
  readonly accountId: string;
  readonly brand: 'visa' | 'mastercard';
  readonly last4: string;
  readonly holderName: string;
  /** `MM/YY` */
  readonly expiry: string;
  status: CardStatus;
  readonly issuedAt: string;
}

/** Everything one customer owns. */
export interface CustomerRecords {
  readonly customer: Customer;
  readonly accounts: Account[];
  readonly payees: Payee[];
  readonly cards: Card[];
}
