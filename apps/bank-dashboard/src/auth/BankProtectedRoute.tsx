import { useAuth } from '@sesame/react';
import { ProtectedRoute } from '@sesame/react-router';
import { Navigate } from 'react-router';
import { useConfig } from '../app/config-context';
import { FullPageStatus } from '../pages/CallbackPage';
import { SessionProblem } from '../pages/SessionProblem';
import { useSigningOut } from './sign-out';

/**
 * Sesame's `<ProtectedRoute>` with the bank's extra rules: while signing out, say so (the state is
 * already "signed out", but this is no reason to sign in again); after an idle sign-out, explain
 * why before asking for the password, rather than going straight back to the IdP; after a sign-out
 * in another tab, go to the front page, which says so. In BFF mode, a session the BFF no longer has
 * (the IdP ended it by back-channel logout, or it ran out) goes to the front page too, which says
 * why, rather than to the IdP at once (or to "we could not keep you signed in" within a minute of
 * the sign-in, which would blame the bank for a sign-out).
 */
export function BankProtectedRoute() {
  const signingOut = useSigningOut();
  const idleError = useAuth((state) =>
    state.status === 'unauthenticated' && state.error?.code === 'idle_timeout' ? state.error : null,
  );
  const signedOutElsewhere = useAuth(
    (state) => state.status === 'unauthenticated' && state.error?.code === 'signed_out_elsewhere',
  );
  const { bff } = useConfig();
  const endedAtBff = useAuth(
    (state) => bff && state.status === 'unauthenticated' && state.error?.code === 'login_required',
  );
  if (signingOut) return <FullPageStatus message="Signing you out…" />;
  if (idleError) return <SessionProblem error={idleError} />;
  // The user chose to sign out (in another tab), or the session was ended at the BFF: off the
  // protected pages, to the front page, which says why.
  if (signedOutElsewhere || endedAtBff) return <Navigate to="/" replace />;
  return (
    <ProtectedRoute
      fallback={<FullPageStatus message="Taking you to sign in…" />}
      errorElement={({ error, retry }) => <SessionProblem error={error} onRetry={retry} />}
    />
  );
}
