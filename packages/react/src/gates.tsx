import type { ReactNode } from 'react';
import type { AuthStatus } from '@sesame/core';
import { useAuthClient } from './context';
import { useSelector } from './use-auth';
import { DEV } from './dev';

/** Props of {@link SignedIn} and {@link SignedOut}. */
export interface GateProps {
  children?: ReactNode;
  /** Shown while the session is loading. Default nothing. */
  fallback?: ReactNode;
}

const useStatus = (hook: string | false): AuthStatus =>
  useSelector(useAuthClient(hook), (state) => state.status);

/** Renders its children only when someone is signed in. */
export function SignedIn({ children, fallback = null }: GateProps) {
  const status = useStatus(DEV && 'SignedIn');
  return <>{status === 'authenticated' ? children : status === 'loading' ? fallback : null}</>;
}

/** Renders its children only when nobody is signed in (including after a failed sign-in). */
export function SignedOut({ children, fallback = null }: GateProps) {
  const status = useStatus(DEV && 'SignedOut');
  return (
    <>
      {status === 'unauthenticated' || status === 'error'
        ? children
        : status === 'loading'
          ? fallback
          : null}
    </>
  );
}

/** Renders its children while the session is loading. */
export function AuthLoading({ children }: { children?: ReactNode }) {
  return <>{useStatus(DEV && 'AuthLoading') === 'loading' ? children : null}</>;
}
