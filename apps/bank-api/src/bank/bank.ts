import { ApiError } from '../http/api-error.js';
import type { BankClock } from './clock.js';
import { Ledger } from './ledger.js';
import type { Account, Card, Customer, CustomerRecords, Payee } from './model.js';
import { seedCustomer } from './seed.js';
import { seedProfileFor } from './seed-profiles.js';

/**
 * The bank's in-memory state. Every lookup is by owner: asking for another customer's account
 * answers exactly like asking for one that does not exist, so no response reveals existence.
 * Customers are seeded lazily the first time their `sub` shows up.
 */
export class Bank {
  readonly clock: BankClock;
  readonly ledger = new Ledger();
  #customers = new Map<string, CustomerRecords>();
  #accounts = new Map<string, Account>();
  #ibans = new Map<string, Account>();

  constructor(clock: BankClock) {
    this.clock = clock;
  }

  /** The customer's records, seeding them on first use. */
  records(sub: string): CustomerRecords {
    let records = this.#customers.get(sub);
    if (records === undefined) {
      records = seedCustomer(seedProfileFor(sub), this.clock.anchorDate);
      for (const account of records.accounts) {
        // Generated ids come from a hash of the sub: refuse to cross-wire on a collision.
        if (this.#accounts.has(account.id) || this.#ibans.has(account.iban)) {
          throw new Error('account identifier collision while seeding');
        }
      }
      for (const account of records.accounts) {
        this.#accounts.set(account.id, account);
        this.#ibans.set(account.iban, account);
        this.ledger.open(account);
      }
      this.#customers.set(sub, records);
    }
    return records;
  }

  customer(sub: string): Customer {
    return this.records(sub).customer;
  }

  accounts(sub: string): readonly Account[] {
    return this.records(sub).accounts;
  }

  /** The customer's account, or 404 `account_not_found` (also for another customer's account). */
  account(sub: string, accountId: string): Account {
    this.records(sub);
    const account = this.#accounts.get(accountId);
    if (account === undefined || account.ownerSub !== sub) {
      throw new ApiError(404, 'account_not_found', 'No such account.');
    }
    return account;
  }

  /** The customer's own account with this IBAN, if any. */
  ownAccountByIban(sub: string, iban: string): Account | undefined {
    const account = this.#ibans.get(iban);
    return account?.ownerSub === sub ? account : undefined;
  }

  payees(sub: string): readonly Payee[] {
    return this.records(sub).payees;
  }

  payee(sub: string, payeeId: string): Payee {
    const payee = this.records(sub).payees.find((candidate) => candidate.id === payeeId);
    if (payee === undefined) throw new ApiError(404, 'payee_not_found', 'No such payee.');
    return payee;
  }

  cards(sub: string): Card[] {
    return this.records(sub).cards;
  }

  card(sub: string, cardId: string): Card {
    const card = this.records(sub).cards.find((candidate) => candidate.id === cardId);
    if (card === undefined) throw new ApiError(404, 'card_not_found', 'No such card.');
    return card;
  }

  /** Any seeded account's balance, whoever owns it (tests and ledger checks, never handlers). */
  balanceOf(accountId: string): number | undefined {
    return this.#accounts.get(accountId)?.balanceMinor;
  }

  /** Forgets every change: customers are seeded afresh on their next request. */
  reset(): void {
    this.#customers = new Map();
    this.#accounts = new Map();
    this.#ibans = new Map();
    this.ledger.reset();
  }
}
