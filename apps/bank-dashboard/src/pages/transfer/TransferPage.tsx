import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAccounts, usePayees, useTransfer } from '../../api/queries';
import type { TransferReceipt as Receipt } from '../../api/types';
import { useHasScope } from '../../auth/use-scopes';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { newIdempotencyKey } from '../../lib/idempotency';
import {
  EMPTY_TRANSFER,
  type TransferFormValues,
  type ValidTransfer,
} from '../../lib/transfer-form';
import { TransferForm } from './TransferForm';
import { TransferReceipt } from './TransferReceipt';
import { TransferReview } from './TransferReview';

type Step =
  | { name: 'edit' }
  | { name: 'review'; transfer: ValidTransfer; idempotencyKey: string }
  | { name: 'done'; transfer: ValidTransfer; receipt: Receipt };

const STEP_LABELS = { edit: 'Details', review: 'Confirm', done: 'Done' } as const;

export function TransferPage() {
  const canTransfer = useHasScope('transfers:write');
  const accounts = useAccounts();
  const payees = usePayees();
  const [params] = useSearchParams();
  const [values, setValues] = useState<TransferFormValues>(() => ({
    ...EMPTY_TRANSFER,
    fromAccountId: params.get('from') ?? '',
  }));
  const [step, setStep] = useState<Step>({ name: 'edit' });
  const transfer = useTransfer();
  // A second click can arrive before React re-renders the disabled button: refuse it here too.
  const sending = useRef(false);

  if (!canTransfer) {
    return (
      <>
        <PageHeader title="Transfer" />
        <div className="notice notice--info" role="status">
          Your access is view-only: it does not include making transfers.
        </div>
      </>
    );
  }

  const send = (current: Extract<Step, { name: 'review' }>) => {
    if (sending.current) return;
    sending.current = true;
    // The same key on every retry of this submission: the bank books it once, whatever happens.
    transfer.mutate(
      { request: current.transfer.request, idempotencyKey: current.idempotencyKey },
      {
        onSuccess: (receipt) => setStep({ name: 'done', transfer: current.transfer, receipt }),
        onSettled: () => {
          sending.current = false;
        },
      },
    );
  };

  const startOver = () => {
    transfer.reset();
    setValues({ ...EMPTY_TRANSFER, fromAccountId: values.fromAccountId });
    setStep({ name: 'edit' });
  };

  return (
    <>
      <PageHeader title="Transfer" description="Move money between your accounts or pay someone." />
      <ol className="steps" aria-label="Steps">
        {(['edit', 'review', 'done'] as const).map((name, index) => (
          <li
            key={name}
            className={`steps__item${step.name === name ? ' steps__item--current' : ''}`}
            aria-current={step.name === name ? 'step' : undefined}
          >
            <span className="steps__number" aria-hidden="true">
              {index + 1}
            </span>
            {STEP_LABELS[name]}
          </li>
        ))}
      </ol>
      <DataState query={accounts} what="your accounts" skeleton={5}>
        {(accountList) =>
          step.name === 'edit' ? (
            <TransferForm
              values={values}
              onChange={setValues}
              accounts={accountList}
              payees={payees.data ?? []}
              payeesUnavailable={payees.isError}
              onValid={(valid) => {
                transfer.reset();
                setStep({ name: 'review', transfer: valid, idempotencyKey: newIdempotencyKey() });
              }}
            />
          ) : step.name === 'review' ? (
            <TransferReview
              transfer={step.transfer}
              pending={transfer.isPending}
              error={transfer.error}
              onConfirm={() => send(step)}
              onChange={() => {
                transfer.reset();
                setStep({ name: 'edit' });
              }}
            />
          ) : (
            <TransferReceipt
              transfer={step.transfer}
              receipt={step.receipt}
              accounts={accountList}
              onAnother={startOver}
            />
          )
        }
      </DataState>
    </>
  );
}
