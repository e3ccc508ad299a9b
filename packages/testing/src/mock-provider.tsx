import { useState, type ReactNode } from 'react';
import type { IdTokenClaims } from '@sesame/core';
import { AuthProvider } from '@sesame/react';
import { createMockAuthClient, type MockAuthClient, type MockAuthOptions } from './mock-client';

/** Props of {@link MockAuthProvider}: the mock's options, or a ready `client`. */
export type MockAuthProviderProps<C extends IdTokenClaims = IdTokenClaims> = MockAuthOptions<C> & {
  /** Use this mock instead of making one from the other props (to drive it with its helpers). */
  client?: MockAuthClient<C>;
  children?: ReactNode;
};

/**
 * Renders `children` as `user` in state `status`, under a real `<AuthProvider>` so every Sesame hook
 * works: `<MockAuthProvider user={{ sub: 'jane', name: 'Jane' }} scopes={['accounts:read']}>`.
 * The mock is made once, on the first render; to change its state later, create it with
 * `createMockAuthClient` and pass it as `client`.
 */
export function MockAuthProvider<C extends IdTokenClaims = IdTokenClaims>({
  client,
  children,
  ...options
}: MockAuthProviderProps<C>) {
  const [mock] = useState(() => client ?? createMockAuthClient<C>(options));
  return (
    <AuthProvider client={mock} skipCallback>
      {children}
    </AuthProvider>
  );
}
