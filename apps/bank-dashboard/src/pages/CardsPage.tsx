import { useId, useRef, useState, type FormEvent } from 'react';
import { useAccounts, useCards, useRequestCard, useSetCardFrozen } from '../api/queries';
import type { Account, Card } from '../api/types';
import { useHasScope } from '../auth/use-scopes';
import { DataState } from '../components/DataState';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { newIdempotencyKey } from '../lib/idempotency';

export function CardsPage() {
  const cards = useCards();
  const accounts = useAccounts();
  const canManage = useHasScope('cards:write');
  const [announcement, setAnnouncement] = useState('');
  return (
    <>
      <PageHeader
        title="Cards"
        description="Your debit cards. Freeze a card at once if you misplace it."
      />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {!canManage ? (
        <div className="notice notice--info" role="status">
          Your access is view-only: freezing cards and ordering new ones are not included.
        </div>
      ) : null}
      <DataState
        query={cards}
        what="your cards"
        isEmpty={(items) => items.length === 0}
        empty="You have no cards yet."
      >
        {(items) => (
          <ul className="bank-cards">
            {items.map((card) => (
              <CardItem
                key={card.id}
                card={card}
                account={accounts.data?.find((account) => account.id === card.accountId)}
                canManage={canManage}
                onChanged={setAnnouncement}
              />
            ))}
          </ul>
        )}
      </DataState>
      {canManage && accounts.data ? (
        <RequestCard accounts={accounts.data} onRequested={setAnnouncement} />
      ) : null}
    </>
  );
}

function CardItem({
  card,
  account,
  canManage,
  onChanged,
}: {
  card: Card;
  account: Account | undefined;
  canManage: boolean;
  onChanged: (message: string) => void;
}) {
  const setFrozen = useSetCardFrozen();
  const frozen = card.status === 'frozen';
  const label = `${card.brand === 'visa' ? 'Visa' : 'Mastercard'} debit card ending ${card.last4}`;
  return (
    <li
      className={`bank-card-item${frozen ? ' bank-card-item--frozen' : ''}`}
      data-testid={`card-${card.id}`}
    >
      <div className={`bank-card bank-card--${card.brand}`} aria-hidden="true">
        <span className="bank-card__chip" />
        <span className="bank-card__number">•••• {card.last4}</span>
        <span className="bank-card__holder">{card.holderName}</span>
        <span className="bank-card__brand">{card.brand === 'visa' ? 'VISA' : 'mastercard'}</span>
        {frozen ? <span className="bank-card__frozen">Frozen</span> : null}
      </div>
      <div className="bank-card-item__details">
        <h2 className="bank-card-item__title">{label}</h2>
        <p className="muted">
          {account ? `${account.name} · ` : ''}Expires {card.expiry}
        </p>
        <p>
          Status:{' '}
          <span className={`badge badge--${frozen ? 'warning' : 'success'}`}>
            {frozen ? 'Frozen' : 'Active'}
          </span>
        </p>
        {setFrozen.error ? <ErrorNotice error={setFrozen.error} /> : null}
        {canManage ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={setFrozen.isPending}
            onClick={() =>
              setFrozen.mutate(
                { cardId: card.id, frozen: !frozen },
                { onSuccess: (next) => onChanged(`${label} is now ${next.status}.`) },
              )
            }
          >
            {frozen ? 'Unfreeze card' : 'Freeze card'}
            <span className="visually-hidden"> ending {card.last4}</span>
          </button>
        ) : null}
      </div>
    </li>
  );
}

function RequestCard({
  accounts,
  onRequested,
}: {
  accounts: Account[];
  onRequested: (message: string) => void;
}) {
  const request = useRequestCard();
  const [accountId, setAccountId] = useState(accounts[0]?.id ?? '');
  const [brand, setBrand] = useState<Card['brand']>('visa');
  const key = useRef<string | null>(null);
  const headingId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (request.isPending) return;
    // One key per order; a retry after an error reuses it, so the bank issues one card.
    key.current ??= newIdempotencyKey();
    request.mutate(
      { accountId, brand, idempotencyKey: key.current },
      {
        onSuccess: (card) => {
          key.current = null;
          onRequested(`A new debit card ending ${card.last4} is on its way.`);
        },
      },
    );
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        Request a debit card
      </h2>
      <form className="form form--inline" onSubmit={submit} noValidate>
        <Field id="card-account" label="Linked account">
          <select
            className="input"
            value={accountId}
            onChange={(event) => {
              key.current = null;
              setAccountId(event.target.value);
            }}
          >
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="card-brand" label="Card network">
          <select
            className="input"
            value={brand}
            onChange={(event) => {
              key.current = null;
              setBrand(event.target.value as Card['brand']);
            }}
          >
            <option value="visa">Visa</option>
            <option value="mastercard">Mastercard</option>
          </select>
        </Field>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={request.isPending}>
            {request.isPending ? 'Requesting…' : 'Request card'}
          </button>
        </div>
      </form>
      {request.error ? <ErrorNotice error={request.error} what="" /> : null}
      {request.data ? (
        <p className="notice notice--success" role="status">
          Your new card ending {request.data.last4} is on its way.
        </p>
      ) : null}
    </section>
  );
}
