import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Account, TransferReceipt as Receipt } from '../../api/types';
import { Money } from '../../components/Money';
import { formatDay, formatTime } from '../../lib/dates';
import type { ValidTransfer } from '../../lib/transfer-form';

/** Step 3: done, with the new balance of the account the money left. */
export function TransferReceipt({
  transfer,
  receipt,
  accounts,
  onAnother,
}: {
  transfer: ValidTransfer;
  receipt: Receipt;
  accounts: readonly Account[];
  onAnother: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const destination = accounts.find((account) => account.id === receipt.toAccountId);
  return (
    <section
      className="panel receipt"
      aria-labelledby="receipt-title"
      data-testid="transfer-receipt"
    >
      <div role="status" aria-live="polite">
        <h2 id="receipt-title" className="receipt__title" tabIndex={-1} ref={heading}>
          <span className="receipt__tick" aria-hidden="true">
            ✓
          </span>
          <Money minor={receipt.amountMinor} currency={receipt.currency} /> sent to{' '}
          {receipt.counterparty.name}
        </h2>
        <p className="receipt__balance">
          New balance of {transfer.from.name}:{' '}
          <Money minor={receipt.balanceAfterMinor} currency={receipt.currency} />
        </p>
      </div>
      <dl className="summary-list">
        <div>
          <dt>Booked</dt>
          <dd>
            {formatDay(receipt.bookedAt)}, {formatTime(receipt.bookedAt)}
          </dd>
        </div>
        <div>
          <dt>Transfer ID</dt>
          <dd className="mono">{receipt.id}</dd>
        </div>
        {destination ? (
          <div>
            <dt>Paid into</dt>
            <dd>{destination.name}</dd>
          </div>
        ) : null}
      </dl>
      <div className="actions">
        <Link to="/overview" className="button button--primary">
          Back to overview
        </Link>
        <button type="button" className="button button--secondary" onClick={onAnother}>
          Make another transfer
        </button>
      </div>
    </section>
  );
}
