import { useEffect, useId, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useAccount, useTransactions } from '../api/queries';
import { DataState } from '../components/DataState';
import { ErrorNotice } from '../components/ErrorNotice';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { TransactionList } from '../components/TransactionList';
import { useDebounced } from '../lib/use-debounced';

export function AccountPage() {
  const { accountId = '' } = useParams();
  const account = useAccount(accountId);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/overview">Overview</Link> <span aria-hidden="true">›</span>{' '}
        {account.data?.name ?? 'Account'}
      </p>
      <DataState query={account} what="this account" skeleton={2}>
        {(data) => (
          <>
            <PageHeader
              title={data.name}
              description={<span className="mono">{data.ibanFormatted}</span>}
              actions={
                <Link to={`/transfer?from=${data.id}`} className="button button--primary">
                  Transfer from here
                </Link>
              }
            />
            <section className="panel account-summary" aria-label="Balance">
              <span className="panel__hint">Available balance</span>
              <Money
                className="account-summary__balance"
                minor={data.balanceMinor}
                currency={data.currency}
              />
            </section>
            <Transactions accountId={data.id} />
          </>
        )}
      </DataState>
    </>
  );
}

function Transactions({ accountId }: { accountId: string }) {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);
  const searchId = useId();
  const transactions = useTransactions(accountId, q);

  useEffect(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const items = transactions.data?.pages.flatMap((page) => page.items);
  return (
    <section className="panel" aria-labelledby="transactions-title">
      <div className="panel__header">
        <h2 id="transactions-title" className="panel__title">
          Transactions
        </h2>
        <div className="search">
          <label htmlFor={searchId} className="search__label">
            Search transactions
          </label>
          <input
            id={searchId}
            type="search"
            className="input"
            placeholder="Name, description or reference"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {items ? `${items.length} transactions shown${q ? ` for “${q}”` : ''}.` : ''}
      </p>
      <DataState
        query={{ ...transactions, data: items }}
        what="the transactions"
        isEmpty={(list) => list.length === 0}
        empty={q ? `No transactions match “${q}”.` : 'No transactions yet.'}
        skeleton={6}
      >
        {(list) => (
          <div className={transactions.isPlaceholderData ? 'is-refreshing' : undefined}>
            <TransactionList transactions={list} showBalance />
            {transactions.isFetchNextPageError ? (
              <ErrorNotice
                error={transactions.error}
                what="more transactions"
                onRetry={() => void transactions.fetchNextPage()}
              />
            ) : null}
            {transactions.hasNextPage ? (
              <div className="load-more">
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={transactions.isFetchingNextPage}
                  onClick={() => void transactions.fetchNextPage()}
                >
                  {transactions.isFetchingNextPage ? 'Loading…' : 'Show older transactions'}
                </button>
              </div>
            ) : (
              <p className="panel__hint load-more">That is everything.</p>
            )}
          </div>
        )}
      </DataState>
    </section>
  );
}
