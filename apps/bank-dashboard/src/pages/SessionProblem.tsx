import type { AuthError } from '@sesame/core';
import { useAuthClient } from '@sesame/react';
import { describeSignInError } from '@sesame/react-router';
import { Link, useLocation } from 'react-router';

/** Shown instead of another automatic sign-in: the last one failed, or the session ended again at once. */
export function SessionProblem({
  error,
  onRetry,
}: {
  error: AuthError | null;
  /** Starts a sign-in the user asked for. Default: sign in and come back here. */
  onRetry?: () => void;
}) {
  const auth = useAuthClient();
  const location = useLocation();
  // The guard refused a second automatic sign-in: the session died right after the last one.
  const ended =
    error?.code === 'redirect_loop_prevented' ||
    error?.code === 'unauthorized' ||
    error?.code === 'login_required';
  const idle = error?.code === 'idle_timeout';
  // The session died while the sign-in service was unreachable: nothing failed on the user's side.
  const lost = error?.code === 'session_lost';
  // The first check of who is signed in got no answer (BFF mode: its session store is down): the
  // session may well be there. Not "signing in did not work": nobody tried to sign in.
  const unknown = error?.code === 'network_error' && error.step === 'refresh';
  return (
    <main id="main" className="centered">
      <div className="card card--narrow" role="alert" data-testid="session-problem">
        <h1>
          {idle || lost
            ? 'You were signed out'
            : ended
              ? 'We could not keep you signed in'
              : unknown
                ? "We can't reach the sign-in service right now"
                : 'Signing in did not work'}
        </h1>
        <p>
          {idle
            ? 'For your security we signed you out after a period of inactivity, in every tab. Sign in again to continue where you left off.'
            : lost
              ? 'Our sign-in service was unreachable for a while, and your session ended meanwhile. Sign in again to continue where you left off.'
              : ended
                ? 'The bank did not accept your session, even right after you signed in. This is on our side; please try again in a few minutes.'
                : unknown
                  ? 'So we cannot tell yet whether you are signed in. If you were, you still are: nothing was ended. Please try again in a moment.'
                  : error
                    ? describeSignInError(error)
                    : 'Please try again.'}
        </p>
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            onClick={
              onRetry ??
              // A failure becomes the state's error; catching keeps it from going unhandled.
              (() =>
                auth
                  .signIn({ returnTo: location.pathname + location.search + location.hash })
                  .catch(() => {}))
            }
          >
            Sign in again
          </button>
          <Link to="/" className="button button--secondary">
            Back to the start
          </Link>
        </div>
      </div>
    </main>
  );
}
