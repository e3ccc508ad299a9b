import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { SessionTimeouts } from '@sesame/core';
import { useAuthClient } from './context';
import { DEV } from './dev';

/** What {@link useIdleTimeout} returns. */
export interface IdleTimeoutView {
  /** False when the client has no `idleTimeoutSeconds` or nobody is signed in. */
  enabled: boolean;
  /** Show "You will be signed out in N s — stay signed in?" while true. */
  warning: boolean;
  /** Whole seconds left during the warning; `null` before it. */
  secondsLeft: number | null;
  /** Counts as activity in every tab, even during the warning ("Stay signed in"). Stable. */
  staySignedIn: () => void;
}

/**
 * The idle timeout's warning and countdown. Only components that call it re-render on the countdown's
 * ticks (once a second during the warning); `useAuth(selector)` users are not affected.
 */
export function useIdleTimeout(): IdleTimeoutView {
  const client = useAuthClient(DEV && 'useIdleTimeout');
  const read = useCallback(() => client.getTimeouts().idle, [client]);
  const idle = useSyncExternalStore(client.subscribeTimeouts, read, read);
  return useMemo(
    () => ({
      enabled: idle !== null,
      warning: idle?.warning ?? false,
      secondsLeft: idle?.secondsLeft ?? null,
      staySignedIn: client.reportActivity,
    }),
    [idle, client],
  );
}

/** What {@link useSessionEnd} returns. */
export type SessionEndView = Pick<SessionTimeouts, 'sessionExpiresAt' | 'sessionEndsSoon'>;

/**
 * When the session ends for good (the refresh token's absolute lifetime; `null` if unknown) and
 * whether that is soon. Re-renders only when one of the two changes.
 */
export function useSessionEnd(): SessionEndView {
  const client = useAuthClient(DEV && 'useSessionEnd');
  const readEnd = useCallback(() => client.getTimeouts().sessionExpiresAt, [client]);
  const readSoon = useCallback(() => client.getTimeouts().sessionEndsSoon, [client]);
  const sessionExpiresAt = useSyncExternalStore(client.subscribeTimeouts, readEnd, readEnd);
  const sessionEndsSoon = useSyncExternalStore(client.subscribeTimeouts, readSoon, readSoon);
  return useMemo(
    () => ({ sessionExpiresAt, sessionEndsSoon }),
    [sessionExpiresAt, sessionEndsSoon],
  );
}
