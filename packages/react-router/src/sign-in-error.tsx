import type { ReactNode } from 'react';
import type { AuthError } from '@sesame/core';

/** What an error element receives: the failed sign-in's error and a way for the user to try again. */
export interface SignInErrorProps {
  error: AuthError;
  /** Starts a new sign-in (a user action, so the redirect-loop guard lets it through). */
  retry: () => void;
}

/** An element, or a function of the error and `retry`. */
export type SignInErrorElement = ReactNode | ((props: SignInErrorProps) => ReactNode);

/** A sentence for the user; never the raw message (that is for logs). */
export function describeSignInError(error: AuthError): string {
  switch (error.code) {
    case 'redirect_loop_prevented':
      return "You're not signed in. Sign in again to continue.";
    case 'idle_timeout':
      return 'You were signed out after a period of inactivity.';
    case 'unauthorized':
    case 'login_required':
    case 'session_lost':
      return 'Your session has ended. Sign in again to continue.';
    case 'signed_out_elsewhere':
      return 'You signed out in another tab. Sign in again to continue.';
    case 'network_error':
    case 'discovery_invalid':
      return "The sign-in service can't be reached right now.";
    case 'callback_error':
      if (error.oauthError === 'access_denied') return 'Sign-in was cancelled or refused.';
      return error.retryable
        ? 'The sign-in service had a problem. Try again in a moment.'
        : "Sign-in didn't complete.";
    default:
      return "Sign-in didn't complete.";
  }
}

/** The default error element: what went wrong, and a "Sign in again" button. */
export function SignInError({ error, retry }: SignInErrorProps) {
  return (
    <div role="alert">
      <p>{describeSignInError(error)}</p>
      <button type="button" onClick={retry}>
        Sign in again
      </button>
    </div>
  );
}

/** The default "not allowed" element. */
export function Forbidden() {
  return (
    <div role="alert">
      <p>You don&apos;t have access to this page.</p>
    </div>
  );
}

export function renderSignInError(
  element: SignInErrorElement | undefined,
  props: SignInErrorProps,
) {
  if (element === undefined) return <SignInError {...props} />;
  return typeof element === 'function' ? element(props) : element;
}
