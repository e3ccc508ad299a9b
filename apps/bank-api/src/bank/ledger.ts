import type { Account, Transaction } from './model.js';

/** A booking to post to one account; the ledger assigns its position and running balance. */
export type Posting = Omit<Transaction, 'seq' | 'accountId' | 'balanceAfterMinor' | 'currency'>;

/** The outcome of {@link Ledger.check}. Sums are bigints so no total can lose precision. */
export interface LedgerReport {
  /** Sum of every account's balance when it was seeded. */
  readonly initialMinor: bigint;
  /** Sum of every account's balance now. */
  readonly totalMinor: bigint;
  /** Sum of all money paid out of the bank since seeding. */
  readonly externalPaymentsMinor: bigint;
  /** `totalMinor + externalPaymentsMinor === initialMinor` and every account's history adds up. */
  readonly balanced: boolean;
  readonly problems: readonly string[];
}

/**
 * The only code that changes balances. The invariant it keeps: the sum of all balances changes
 * only by external payments, and each account's balance equals its opening balance plus its
 * transactions.
 */
export class Ledger {
  #accounts: Account[] = [];
  #initial = 0n;
  #external = 0n;

  open(account: Account): void {
    this.#accounts.push(account);
    this.#initial += BigInt(account.balanceMinor);
  }

  /**
   * Appends a booking and moves the balance. Synchronous and infallible once called, so a
   * caller that validated first can post both legs of a transfer with nothing in between.
   */
  post(account: Account, posting: Posting): Transaction {
    const balanceAfterMinor = account.balanceMinor + posting.amountMinor;
    const transaction: Transaction = {
      ...posting,
      seq: account.transactions.length,
      accountId: account.id,
      currency: account.currency,
      balanceAfterMinor,
    };
    account.transactions.push(transaction);
    account.balanceMinor = balanceAfterMinor;
    return transaction;
  }

  /** Records that `amountMinor` left the bank (posted separately with {@link post}). */
  recordExternalPayment(amountMinor: number): void {
    this.#external += BigInt(amountMinor);
  }

  initialMinorUnits(): bigint {
    return this.#initial;
  }

  totalMinorUnits(): bigint {
    let total = 0n;
    for (const account of this.#accounts) total += BigInt(account.balanceMinor);
    return total;
  }

  externalPaymentsMinorUnits(): bigint {
    return this.#external;
  }

  check(): LedgerReport {
    const problems: string[] = [];
    for (const account of this.#accounts) {
      let running = account.openingBalanceMinor;
      account.transactions.forEach((transaction, index) => {
        running += transaction.amountMinor;
        if (transaction.seq !== index) problems.push(`${account.id}: sequence gap at ${index}`);
        if (transaction.balanceAfterMinor !== running) {
          problems.push(`${account.id}: running balance wrong at ${transaction.id}`);
        }
      });
      if (running !== account.balanceMinor) problems.push(`${account.id}: balance != history`);
      if (account.balanceMinor < 0) problems.push(`${account.id}: negative balance`);
    }
    const totalMinor = this.totalMinorUnits();
    if (totalMinor + this.#external !== this.#initial) {
      problems.push('sum of balances plus external payments differs from the initial sum');
    }
    return {
      initialMinor: this.#initial,
      totalMinor,
      externalPaymentsMinor: this.#external,
      balanced: problems.length === 0,
      problems,
    };
  }

  reset(): void {
    this.#accounts = [];
    this.#initial = 0n;
    this.#external = 0n;
  }
}
