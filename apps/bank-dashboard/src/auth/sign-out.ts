import { useSyncExternalStore } from 'react';
import type { AuthClient } from '@sesame/core';

// While signing out the state is already "unauthenticated"; protected routes must show "signing
// out", not start a new sign-in.
let signingOut = false;
const listeners = new Set<() => void>();

function set(value: boolean) {
  signingOut = value;
  for (const listener of listeners) listener();
}

export function useSigningOut(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => signingOut,
    () => false,
  );
}

/**
 * Signs out here (tokens and cached data go first), revokes at the IdP and ends the IdP session,
 * which sends the browser back to the landing page.
 */
export async function signOutEverywhere(auth: Pick<AuthClient, 'signOut'>): Promise<void> {
  set(true);
  try {
    await auth.signOut();
  } catch (error) {
    set(false);
    throw error;
  }
}
