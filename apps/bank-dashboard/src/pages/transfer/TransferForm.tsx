import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Account, Payee } from '../../api/types';
import { Field } from '../../components/Field';
import { formatMoney } from '../../lib/money';
import {
  validateTransfer,
  type DestinationKind,
  type TransferErrors,
  type TransferField,
  type TransferFormValues,
  type ValidTransfer,
} from '../../lib/transfer-form';

const DESTINATIONS: { kind: DestinationKind; label: string }[] = [
  { kind: 'own', label: 'One of my accounts' },
  { kind: 'payee', label: 'A saved payee' },
  { kind: 'new', label: 'Someone new' },
];

const FIELD_ORDER: TransferField[] = [
  'fromAccountId',
  'toAccountId',
  'toPayeeId',
  'toIban',
  'toName',
  'amount',
  'reference',
];

/** Step 1: the details, checked on submit; errors are listed on top and next to each field. */
export function TransferForm({
  values,
  onChange,
  accounts,
  payees,
  payeesUnavailable,
  onValid,
}: {
  values: TransferFormValues;
  onChange: (values: TransferFormValues) => void;
  accounts: readonly Account[];
  payees: readonly Payee[];
  payeesUnavailable: boolean;
  onValid: (transfer: ValidTransfer) => void;
}) {
  const [errors, setErrors] = useState<TransferErrors>({});
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<TransferFormValues>) => onChange({ ...values, ...patch });
  const errorList = FIELD_ORDER.filter((field) => errors[field]);

  useEffect(() => {
    if (attempt > 0) summary.current?.focus();
  }, [attempt]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateTransfer(values, accounts, payees);
    if (result.ok) {
      setErrors({});
      onValid(result.transfer);
    } else {
      setErrors(result.errors);
      setAttempt((count) => count + 1);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} noValidate aria-label="Transfer details">
      {errorList.length > 0 ? (
        <div
          className="error-summary"
          ref={summary}
          tabIndex={-1}
          role="alert"
          aria-labelledby="error-summary-title"
        >
          <h2 id="error-summary-title" className="error-summary__title">
            Please check the transfer
          </h2>
          <ul>
            {errorList.map((field) => (
              <li key={field}>
                <a href={`#transfer-${field}`}>{errors[field]}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <Field id="transfer-fromAccountId" label="From" error={errors.fromAccountId}>
        <select
          className="input"
          value={values.fromAccountId}
          onChange={(event) => set({ fromAccountId: event.target.value })}
        >
          <option value="">Choose an account</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name} · {formatMoney(account.balanceMinor, account.currency)}
            </option>
          ))}
        </select>
      </Field>

      <fieldset className="fieldset">
        <legend className="field__label">To</legend>
        <div className="segmented">
          {DESTINATIONS.map((destination) => (
            <label key={destination.kind} className="segmented__option">
              <input
                type="radio"
                name="destinationKind"
                value={destination.kind}
                checked={values.destinationKind === destination.kind}
                onChange={() => set({ destinationKind: destination.kind })}
              />
              <span>{destination.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {values.destinationKind === 'own' ? (
        <Field id="transfer-toAccountId" label="Account to pay into" error={errors.toAccountId}>
          <select
            className="input"
            value={values.toAccountId}
            onChange={(event) => set({ toAccountId: event.target.value })}
          >
            <option value="">Choose an account</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name} · {account.ibanFormatted}
              </option>
            ))}
          </select>
        </Field>
      ) : null}

      {values.destinationKind === 'payee' ? (
        <Field
          id="transfer-toPayeeId"
          label="Payee"
          error={errors.toPayeeId}
          hint={payeesUnavailable ? 'Your saved payees could not be loaded just now.' : undefined}
        >
          <select
            className="input"
            value={values.toPayeeId}
            onChange={(event) => set({ toPayeeId: event.target.value })}
          >
            <option value="">Choose a payee</option>
            {payees.map((payee) => (
              <option key={payee.id} value={payee.id}>
                {payee.name} · {payee.ibanFormatted}
              </option>
            ))}
          </select>
        </Field>
      ) : null}

      {values.destinationKind === 'new' ? (
        <div className="form__row">
          <Field id="transfer-toName" label="Account holder's name" error={errors.toName}>
            <input
              className="input"
              autoComplete="off"
              value={values.toName}
              onChange={(event) => set({ toName: event.target.value })}
            />
          </Field>
          <Field
            id="transfer-toIban"
            label="IBAN"
            hint="For example DE89 3704 0044 0532 0130 00"
            error={errors.toIban}
          >
            <input
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              value={values.toIban}
              onChange={(event) => set({ toIban: event.target.value })}
            />
          </Field>
        </div>
      ) : null}

      <Field id="transfer-amount" label="Amount (EUR)" error={errors.amount}>
        <input
          className="input input--amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          value={values.amount}
          onChange={(event) => set({ amount: event.target.value })}
        />
      </Field>

      <Field
        id="transfer-reference"
        label="Reference (optional)"
        hint="Shown on both statements."
        error={errors.reference}
      >
        <input
          className="input"
          maxLength={200}
          value={values.reference}
          onChange={(event) => set({ reference: event.target.value })}
        />
      </Field>

      <div className="actions">
        <button type="submit" className="button button--primary">
          Continue
        </button>
      </div>
    </form>
  );
}
