import type { AuthClient, IdTokenClaims } from '@sesame/core';
import { useProvidedClient, type AuthProviderOptions } from './provided-client';

/** The props of `<AuthClientProvider>`: a client, and the options `<AuthProvider>` takes. */
export type AuthClientProviderProps<C extends IdTokenClaims = IdTokenClaims> =
  AuthProviderOptions & { client: AuthClient<C> };

/**
 * `<AuthProvider client={…}>` without the `settings` prop, so it never imports the browser engine:
 * an app in BFF mode (`createBffClient` from `@sesame/core/bff`) that renders this one ships no
 * oidc-client-ts. Same behaviour as `<AuthProvider client>`, which works in BFF mode too.
 */
export function AuthClientProvider<C extends IdTokenClaims = IdTokenClaims>(
  props: AuthClientProviderProps<C>,
) {
  return useProvidedClient(props.client, false, props);
}
