import { Link } from 'react-router';
import { useAuth } from '@sesame/react';
import { useAccounts, useBalanceHistories, useRecentTransactions } from '../api/queries';
import type { Account, BalanceHistory } from '../api/types';
import { BalanceChart } from '../components/BalanceChart';
import { DataState } from '../components/DataState';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { TransactionList } from '../components/TransactionList';
import { totalHistory } from '../lib/history';

const HISTORY_DAYS = 90;

function greeting(now = new Date()): string {
  const hour = now.getHours();
  return hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

export function OverviewPage() {
  const givenName = useAuth((state) => state.user?.profile.given_name);
  const accounts = useAccounts();
  return (
    <>
      <PageHeader
        title="Overview"
        description={`${greeting()}${givenName ? `, ${givenName}` : ''}. Here is where your money stands.`}
        actions={
          <Link to="/transfer" className="button button--primary">
            New transfer
          </Link>
        }
      />
      <DataState
        query={accounts}
        what="your accounts"
        isEmpty={(items) => items.length === 0}
        empty="You have no accounts with us yet."
      >
        {(items) => <OverviewContent accounts={items} />}
      </DataState>
    </>
  );
}

function OverviewContent({ accounts }: { accounts: Account[] }) {
  const currency = accounts[0]?.currency ?? 'EUR';
  const total = accounts.reduce((sum, account) => sum + account.balanceMinor, 0);
  const ids = accounts.map((account) => account.id);
  return (
    <div className="overview">
      <section className="panel overview__total" aria-labelledby="total-title">
        <h2 id="total-title" className="panel__title">
          Total balance
        </h2>
        <p className="overview__total-amount" data-testid="total-balance">
          <Money minor={total} currency={currency} />
        </p>
        <p className="panel__hint">
          Across {accounts.length} {accounts.length === 1 ? 'account' : 'accounts'}
        </p>
      </section>

      <section className="overview__accounts" aria-labelledby="accounts-title">
        <h2 id="accounts-title" className="section-title">
          Your accounts
        </h2>
        <ul className="account-cards">
          {accounts.map((account) => (
            <li key={account.id}>
              <Link
                to={`/accounts/${account.id}`}
                className="account-card"
                data-testid={`account-${account.id}`}
              >
                <span className="account-card__type">
                  {account.type === 'savings' ? 'Savings' : 'Current account'}
                </span>
                <span className="account-card__name">{account.name}</span>
                <span className="account-card__iban">{account.ibanFormatted}</span>
                <Money
                  className="account-card__balance"
                  minor={account.balanceMinor}
                  currency={account.currency}
                />
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel overview__chart" aria-labelledby="chart-title">
        <h2 id="chart-title" className="panel__title">
          Balance over time
        </h2>
        <HistoryChart accountIds={ids} currency={currency} />
      </section>

      <section className="panel overview__recent" aria-labelledby="recent-title">
        <h2 id="recent-title" className="panel__title">
          Recent transactions
        </h2>
        <RecentTransactions accountIds={ids} />
      </section>
    </div>
  );
}

function HistoryChart({ accountIds, currency }: { accountIds: string[]; currency: string }) {
  const results = useBalanceHistories(accountIds, HISTORY_DAYS);
  const failed = results.find((result) => result.isError);
  const done = results.every((result) => result.data !== undefined);
  const query = {
    data: done ? results.map((result) => result.data as BalanceHistory) : undefined,
    error: failed?.error,
    isPending: !done,
    isError: Boolean(failed),
    refetch: () => results.forEach((result) => void result.refetch()),
  };
  return (
    <DataState query={query} what="your balance history" skeleton={4}>
      {(histories) => (
        <BalanceChart
          points={totalHistory(histories)}
          currency={currency}
          title={`Total balance, last ${HISTORY_DAYS} days`}
        />
      )}
    </DataState>
  );
}

function RecentTransactions({ accountIds }: { accountIds: string[] }) {
  const recent = useRecentTransactions(accountIds, 6);
  return (
    <DataState
      query={recent}
      what="your recent transactions"
      isEmpty={(items) => items.length === 0}
      empty="No transactions yet."
    >
      {(items) => <TransactionList transactions={items} />}
    </DataState>
  );
}
