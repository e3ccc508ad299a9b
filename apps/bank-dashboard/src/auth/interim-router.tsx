/**
 * INTERIM: route protection until `@sesame/react-router` lands on main; then this file is deleted
 * and its two exports are replaced by the package's `<ProtectedRoute>` and callback handling.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useAuth } from '@sesame/react';
import type { AuthError } from '@sesame/core';
import { useSigningOut } from './sign-out';

const RECOVERY_KEY = 'sesame-bank.recovery-sign-in';
/** A session that ends again this soon after a recovery sign-in is not redirected again (no loop). */
const RECOVERY_WINDOW_MS = 60_000;

function recentRecovery(): boolean {
  const last = Number(sessionStorage.getItem(RECOVERY_KEY) ?? 0);
  return Date.now() - last < RECOVERY_WINDOW_MS;
}

export interface ProtectedRouteProps {
  /** While the session loads, and while leaving for the IdP. */
  fallback: ReactNode;
  /** The last sign-in failed, or the session ended again right after a recovery sign-in. */
  errorElement: (error: AuthError | null) => ReactNode;
  signingOut: ReactNode;
}

/**
 * Layout route: renders the child routes for a signed-in user, sends anyone else to sign in (once)
 * and comes back to the same path, query and hash.
 */
export function ProtectedRoute({ fallback, errorElement, signingOut }: ProtectedRouteProps) {
  const state = useAuth();
  const isSigningOut = useSigningOut();
  const location = useLocation();
  const redirected = useRef(false);
  const returnTo = location.pathname + location.search + location.hash;
  const ended = state.status === 'unauthenticated' && state.error !== null;
  // After an idle sign-out, say why before asking for the password again (no automatic sign-in).
  const idle = state.status === 'unauthenticated' && state.error?.code === 'idle_timeout';
  const blocked =
    state.status === 'error' || idle || (ended && recentRecovery() && !redirected.current);
  const shouldRedirect = state.status === 'unauthenticated' && !blocked && !isSigningOut;

  useEffect(() => {
    if (!shouldRedirect || redirected.current) return;
    redirected.current = true;
    if (ended) sessionStorage.setItem(RECOVERY_KEY, String(Date.now()));
    void state.signIn({ returnTo });
  }, [shouldRedirect, ended, returnTo, state]);

  if (isSigningOut) return <>{signingOut}</>;
  if (state.status === 'authenticated') return <Outlet />;
  if (state.status === 'loading' || shouldRedirect) return <>{fallback}</>;
  return <>{errorElement(state.error)}</>;
}
