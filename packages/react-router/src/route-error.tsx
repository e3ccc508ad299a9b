import type { ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { isAuthError } from '@sesame/core';
import { useAuthClient } from '@sesame/react';
import { useReturnTo } from './paths';
import { Forbidden, renderSignInError, type SignInErrorElement } from './sign-in-error';
import { DEV } from './dev';

/** Props of {@link AuthRouteError}. */
export interface AuthRouteErrorProps {
  /** Shown for the 403 `requireAuth` throws. Default "You don't have access to this page." */
  forbidden?: ReactNode;
  /** Shown for an `AuthError` (a failed or refused sign-in). Default: a message and "Sign in again". */
  errorElement?: SignInErrorElement;
}

/**
 * A route `errorElement` for loaders guarded by {@link requireAuth}: a 403 shows `forbidden`, an
 * `AuthError` shows `errorElement` with a retry that starts a sign-in back to this location. Any
 * other error is rethrown to the parent route's error element.
 */
export function AuthRouteError({ forbidden, errorElement }: AuthRouteErrorProps) {
  const error = useRouteError();
  const client = useAuthClient(DEV && 'AuthRouteError');
  const returnTo = useReturnTo();
  if (isRouteErrorResponse(error) && error.status === 403) return <>{forbidden ?? <Forbidden />}</>;
  if (!isAuthError(error)) throw error;
  return (
    <>
      {renderSignInError(errorElement, {
        error,
        retry: () => {
          client.signIn({ returnTo }).catch(() => {});
        },
      })}
    </>
  );
}
