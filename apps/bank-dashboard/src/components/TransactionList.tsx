import type { Transaction } from '../api/types';
import { formatDay } from '../lib/dates';
import { Money } from './Money';

/** Transactions, newest first, grouped visually by date. */
export function TransactionList({
  transactions,
  showBalance = false,
}: {
  transactions: readonly Transaction[];
  showBalance?: boolean;
}) {
  return (
    <ul className="transactions">
      {transactions.map((transaction) => (
        <li key={transaction.id} className="transaction">
          <span className="transaction__icon" aria-hidden="true">
            {transaction.counterparty.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="transaction__main">
            <span className="transaction__name">{transaction.counterparty.name}</span>
            <span className="transaction__meta">
              {formatDay(transaction.bookedAt)} · {transaction.description}
              {transaction.reference ? ` · ${transaction.reference}` : ''}
            </span>
          </span>
          <span className="transaction__amounts">
            <Money minor={transaction.amountMinor} currency={transaction.currency} signed />
            {showBalance ? (
              <span className="transaction__balance">
                Balance{' '}
                <Money minor={transaction.balanceAfterMinor} currency={transaction.currency} />
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
