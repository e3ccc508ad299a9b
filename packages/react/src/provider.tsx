import { useState } from 'react';
import {
  AuthError,
  createAuthClient,
  type AuthClient,
  type AuthClientSettings,
  type IdTokenClaims,
} from '@sesame/core';
import { DEV } from './dev';
import { useProvidedClient, type AuthProviderOptions } from './provided-client';

export type { AuthProviderOptions };

/** Either a client made with `createAuthClient`, or settings to make one (once) from. */
export type AuthProviderProps<C extends IdTokenClaims = IdTokenClaims> = AuthProviderOptions &
  ({ client: AuthClient<C>; settings?: never } | { settings: AuthClientSettings; client?: never });

/**
 * Makes the session available to `useAuth()` and friends. Loads the stored session, and completes a
 * sign-in when the URL carries an authorization response, exactly once even under StrictMode.
 */
export function AuthProvider<C extends IdTokenClaims = IdTokenClaims>(props: AuthProviderProps<C>) {
  // The client, and whether this provider made it (then it disposes of it too).
  const [[client, owned]] = useState((): [AuthClient<C>, boolean] => {
    if (props.client) return [props.client, false];
    if (!props.settings) {
      throw new AuthError('invalid_settings', DEV && '<AuthProvider> needs a client or settings.', {
        step: 'settings',
      });
    }
    return [createAuthClient<C>(props.settings), true];
  });
  return useProvidedClient(client, owned, props);
}
