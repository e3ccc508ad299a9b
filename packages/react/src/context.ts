import { createContext, useContext } from 'react';
import { AuthError, type AuthClient, type IdTokenClaims } from '@sesame/core';
import { DEV } from './dev';

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

/**
 * The client from the nearest `<AuthProvider>`; without one it throws `provider_missing`, whose
 * message in a development build names `hook` as the caller (Sesame's own callers pass
 * `DEV && 'name'`, so production bundles carry no names).
 */
export function useAuthClient<C extends IdTokenClaims = IdTokenClaims>(
  hook: string | false = DEV && 'useAuthClient',
): AuthClient<C> {
  const client = useContext(AuthContext);
  if (!client) {
    throw new AuthError('provider_missing', DEV && `${hook}() needs an <AuthProvider> above it.`, {
      step: 'settings',
    });
  }
  return client;
}
