import { createContext, useContext } from 'react';
import { AuthError, type AuthClient, type IdTokenClaims } from '@sesame/core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the claims type is chosen by each hook call
export const AuthContext = createContext<AuthClient<any> | null>(null);

// Whether the nearest <AuthProvider> completes sign-in callbacks itself (no `skipCallback`).
export const ProviderHandlesCallbackContext = createContext(false);

/**
 * True when the nearest `<AuthProvider>` completes authorization responses itself (it was not given
 * `skipCallback`). Router integrations read it so that exactly one of them handles a callback.
 */
export function useProviderHandlesCallback(): boolean {
  return useContext(ProviderHandlesCallbackContext);
}

/** The client from the nearest `<AuthProvider>`; `hook` names the caller in the error when there is none. */
export function useAuthClient<C extends IdTokenClaims = IdTokenClaims>(
  hook = 'useAuthClient',
): AuthClient<C> {
  const client = useContext(AuthContext);
  if (!client) {
    throw new AuthError('provider_missing', `${hook}() needs an <AuthProvider> above it.`, {
      step: 'settings',
    });
  }
  return client;
}
