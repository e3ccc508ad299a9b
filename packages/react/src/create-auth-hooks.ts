import type { AuthState, IdTokenClaims } from '@sesame/core';
import { useAuthClient } from './context';
import { useAccessToken } from './use-access-token';
import { useAuth, type UseAuthResult } from './use-auth';

/** `useAuth` with the claims type fixed. */
export interface TypedUseAuth<C extends IdTokenClaims> {
  (): UseAuthResult<C>;
  <T>(selector: (state: AuthState<C>) => T, isEqual?: (a: T, b: T) => boolean): T;
}

/**
 * Hooks typed for your ID-token claims, so call sites need no generics:
 * `export const { useAuth } = createAuthHooks<BankClaims>();`
 */
export function createAuthHooks<C extends IdTokenClaims>() {
  return {
    /** {@link useAuth} typed for `C`. */
    useAuth: useAuth as TypedUseAuth<C>,
    /** {@link useAuthClient} typed for `C`. */
    useAuthClient: () => useAuthClient<C>(),
    /** {@link useAccessToken}, unchanged (tokens have no claims type). */
    useAccessToken,
  };
}
