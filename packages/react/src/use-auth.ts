import { useMemo, useRef, useSyncExternalStore } from 'react';
import type { AuthClient, AuthState, IdTokenClaims } from '@sesame/core';
import { useAuthClient } from './context';
import { DEV } from './dev';

/** What `useAuth()` returns: the session state plus the client's commands (already bound). */
export type UseAuthResult<C extends IdTokenClaims = IdTokenClaims> = AuthState<C> &
  Pick<AuthClient<C>, 'signIn' | 'signOut' | 'getAccessToken'> & { client: AuthClient<C> };

const identity = <T>(value: T) => value;

/**
 * Reads the client's store through `selector`; the component re-renders only when the selected
 * value changes (by `isEqual`, default `Object.is`), the way zustand's `useStore` does.
 */
export function useSelector<C extends IdTokenClaims, T>(
  client: AuthClient<C>,
  selector: (state: AuthState<C>) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const memo = useRef<{ state: AuthState<C>; selector: unknown; value: T } | null>(null);
  const read = () => {
    const state = client.getSnapshot();
    const last = memo.current;
    if (last && last.state === state && last.selector === selector) return last.value;
    const next = selector(state);
    // Keep the previous value when it is "equal", so useSyncExternalStore sees no change.
    const value = last && isEqual(last.value, next) ? last.value : next;
    memo.current = { state, selector, value };
    return value;
  };
  return useSyncExternalStore(client.subscribe, read, read);
}

/** The session state and commands. Re-renders on every session change; prefer a selector. */
export function useAuth<C extends IdTokenClaims = IdTokenClaims>(): UseAuthResult<C>;
/** The value `selector` picks from the session state; re-renders only when it changes. */
export function useAuth<T, C extends IdTokenClaims = IdTokenClaims>(
  selector: (state: AuthState<C>) => T,
  isEqual?: (a: T, b: T) => boolean,
): T;
export function useAuth<T, C extends IdTokenClaims = IdTokenClaims>(
  selector?: (state: AuthState<C>) => T,
  isEqual?: (a: T, b: T) => boolean,
): T | UseAuthResult<C> {
  const client = useAuthClient<C>(DEV && 'useAuth');
  const selected = useSelector<C, T | AuthState<C>>(
    client,
    selector ?? identity,
    isEqual as ((a: T | AuthState<C>, b: T | AuthState<C>) => boolean) | undefined,
  );
  return useMemo(
    () =>
      selector
        ? (selected as T)
        : {
            ...(selected as AuthState<C>),
            signIn: client.signIn,
            signOut: client.signOut,
            getAccessToken: client.getAccessToken,
            client,
          },
    [selected, selector, client],
  );
}
