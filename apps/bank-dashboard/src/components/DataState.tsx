import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  refetch: () => unknown;
}

/**
 * The loading, error and empty states every request needs, in one place: renders `children(data)`
 * only when there is data to show. When a refresh of data already shown fails, the data stays, under
 * a notice that it could not be updated (figures the customer cannot know to be old would mislead).
 */
export function DataState<T>({
  query,
  what,
  isEmpty,
  empty,
  skeleton = 3,
  children,
}: {
  query: QueryLike<T>;
  /** "your accounts": used in the loading and error messages. */
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Number of placeholder lines while loading. */
  skeleton?: number;
  children: (data: T) => ReactNode;
}) {
  const notice = query.isError ? (
    <ErrorNotice
      error={query.error}
      what={what}
      stale={query.data !== undefined}
      onRetry={() => void query.refetch()}
    />
  ) : null;
  if (query.data === undefined && notice) return notice;
  if (query.data === undefined) {
    return (
      <div className="skeleton" role="status" aria-live="polite">
        <span className="visually-hidden">Loading {what}…</span>
        {Array.from({ length: skeleton }, (_, index) => (
          <span key={index} className="skeleton__line" aria-hidden="true" />
        ))}
      </div>
    );
  }
  if (isEmpty?.(query.data)) {
    return (
      <>
        {notice}
        <div className="empty-state">{empty ?? `Nothing to show yet.`}</div>
      </>
    );
  }
  return (
    <>
      {notice}
      {children(query.data)}
    </>
  );
}
