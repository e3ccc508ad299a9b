import { useEffect, useRef } from 'react';
import { isHttpError } from '@sesame/react-query';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Money } from '../../components/Money';
import { transferRefusalText, type ValidTransfer } from '../../lib/transfer-form';

/** Step 2: what will happen, in full, before any money moves. */
export function TransferReview({
  transfer,
  pending,
  error,
  onConfirm,
  onChange,
}: {
  transfer: ValidTransfer;
  pending: boolean;
  error: Error | null;
  onConfirm: () => void;
  onChange: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const refused =
    isHttpError(error) && error.status < 500 && error.status !== 408 && error.status !== 429;
  return (
    <section className="panel review" aria-labelledby="review-title">
      <h2 id="review-title" className="panel__title" tabIndex={-1} ref={heading}>
        Check and confirm
      </h2>
      <dl className="summary-list">
        <div>
          <dt>From</dt>
          <dd>
            {transfer.from.name} <span className="mono muted">{transfer.from.ibanFormatted}</span>
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>{transfer.toLabel}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>
            <Money
              className="review__amount"
              minor={transfer.amountMinor}
              currency={transfer.from.currency}
            />
          </dd>
        </div>
        {transfer.request.reference ? (
          <div>
            <dt>Reference</dt>
            <dd>{transfer.request.reference}</dd>
          </div>
        ) : null}
      </dl>
      {error ? (
        refused ? (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">The transfer was not made</p>
            <p className="notice__detail">
              {transferRefusalText(isHttpError(error) ? error.code : undefined)}
            </p>
          </div>
        ) : (
          <ErrorNotice error={error} what="" />
        )
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={onConfirm}
          disabled={pending || refused}
          aria-describedby="review-note"
        >
          {pending ? 'Sending…' : error && !refused ? 'Try again' : 'Confirm and send'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={onChange}
          disabled={pending}
        >
          Change details
        </button>
      </div>
      <p id="review-note" className="panel__hint">
        Sending twice never pays twice: this transfer has its own reference at the bank.
      </p>
    </section>
  );
}
