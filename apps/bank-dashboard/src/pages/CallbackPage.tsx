import { useAuth } from '@sesame/react';
import { Link } from 'react-router';

/** Where the IdP sends the browser back; the provider completes the sign-in and navigates on. */
export function CallbackPage() {
  const auth = useAuth();
  if (auth.status === 'error') {
    return (
      <main id="main" className="centered">
        <div className="card card--narrow">
          <h1>Signing in did not work</h1>
          <p>{auth.error.message}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void auth.signIn({ returnTo: '/overview' })}
            >
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
  return <FullPageStatus message="Signing you in…" />;
}

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
