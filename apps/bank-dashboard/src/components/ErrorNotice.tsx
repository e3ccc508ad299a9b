import { isAuthError } from '@sesame/core';
import { isHttpError } from '@sesame/react-query';
import { isSessionStoreOutage } from '../api/session-store-outage';

interface Explained {
  title: string;
  detail: string;
  canRetry: boolean;
}

/** Says what went wrong in a customer's words, and whether trying again can help. */
export function explainError(error: unknown): Explained {
  // Sesame could not get a token: the sign-in service (the IdP) is unreachable, not the bank's API.
  // The session comes back by itself when it answers again (the engine retries with a back-off).
  if (isAuthError(error, 'network_error') && error.step !== 'request') {
    return {
      title: "We can't reach the sign-in service right now",
      detail: 'You are still signed in, and your money is safe. We will reconnect automatically.',
      canRetry: true,
    };
  }
  // BFF mode: the BFF cannot reach its session store for a moment; the session is kept and the
  // query is fetched again by itself (session-store-outage.ts).
  if (isSessionStoreOutage(error)) {
    return {
      title: 'Online banking is briefly unavailable',
      detail: 'You are still signed in, and your money is safe. We will reconnect automatically.',
      canRetry: true,
    };
  }
  if (isAuthError(error, 'network_error') || (isHttpError(error) && error.status >= 500)) {
    return {
      title: "We can't reach the bank right now",
      detail: 'Your money is safe. Please try again in a moment.',
      canRetry: true,
    };
  }
  if (isAuthError(error, 'insufficient_scope') || isHttpError(error, 403)) {
    return {
      title: 'Your access does not include this',
      detail: 'Your sign-in allows viewing only. Contact the bank to change your access.',
      canRetry: false,
    };
  }
  if (isAuthError(error, 'login_required') || isAuthError(error, 'unauthorized')) {
    return {
      title: 'Your session has ended',
      detail: 'Sign in again to continue.',
      canRetry: false,
    };
  }
  if (isHttpError(error, 404)) {
    return {
      title: 'Not found',
      detail: 'This item does not exist or is not yours.',
      canRetry: false,
    };
  }
  return { title: 'Something went wrong', detail: 'Please try again.', canRetry: true };
}

/** An error panel for a failed request, with a retry button when retrying can help. */
export function ErrorNotice({
  error,
  onRetry,
  what,
  stale = false,
}: {
  error: unknown;
  onRetry?: () => void;
  /** What failed to load, for the message: "your accounts". */
  what?: string;
  /** Older data is still shown: the message says it could not be updated. */
  stale?: boolean;
}) {
  const explained = explainError(error);
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{explained.title}</p>
      <p className="notice__detail">
        {what ? `We could not ${stale ? 'update' : 'load'} ${what}. ` : ''}
        {explained.detail}
      </p>
      {explained.canRetry && onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
