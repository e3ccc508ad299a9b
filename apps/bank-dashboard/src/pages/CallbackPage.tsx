import type { AuthError } from '@sesame/core';
import { describeSignInError } from '@sesame/react-router';
import { Link } from 'react-router';

/** The callback's error element: the IdP said no, or the answer could not be used. */
export function CallbackProblem({ error, onRetry }: { error: AuthError; onRetry: () => void }) {
  return (
    <main id="main" className="centered">
      <div className="card card--narrow" role="alert" data-testid="sign-in-problem">
        <h1>Signing in did not work</h1>
        <p>{describeSignInError(error)}</p>
        <div className="actions">
          <button type="button" className="button button--primary" onClick={onRetry}>
            Try again
          </button>
          <Link to="/" className="button button--secondary">
            Back to the start
          </Link>
        </div>
      </div>
    </main>
  );
}

/** A whole-page "please wait" with a spinner, announced politely. */
export function FullPageStatus({ message }: { message: string }) {
  return (
    <main id="main" className="centered">
      <div className="spinner-block" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <p>{message}</p>
      </div>
    </main>
  );
}
