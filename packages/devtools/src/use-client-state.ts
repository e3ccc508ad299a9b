import { useSyncExternalStore } from 'react';
import type { AuthClient, AuthState, SessionTimeouts } from '@sesame/core';

/** The client's session snapshot, re-rendering on each change. */
export function useClientState(client: AuthClient): AuthState {
  return useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
}

/** The client's idle countdown and session end, re-rendering on each change. */
export function useClientTimeouts(client: AuthClient): SessionTimeouts {
  return useSyncExternalStore(client.subscribeTimeouts, client.getTimeouts, client.getTimeouts);
}
