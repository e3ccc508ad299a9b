// A stand-in for the auth client's store in unit tests: same ordering as core (user listeners run
// before subscribers see the new snapshot).
import { AuthError, type AuthState } from '@sesame/core';
import type { AuthSource } from './bind';

export function fakeAuth(initial: AuthState = { status: 'loading', user: null, error: null }) {
  let state = initial;
  const listeners = new Set<() => void>();
  const userListeners = new Set<(prev: string | null, next: string | null) => void>();
  const source: AuthSource = {
    getSnapshot: () => state,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    onUserChanged: (listener) => (
      userListeners.add(listener),
      () => void userListeners.delete(listener)
    ),
  };
  const publish = (next: AuthState) => {
    const prev = state.user?.sub ?? null;
    const sub = next.user?.sub ?? null;
    if (state.status !== 'loading' && prev !== sub) userListeners.forEach((l) => l(prev, sub));
    state = next;
    listeners.forEach((l) => l());
  };
  return {
    source,
    signIn: (sub: string) =>
      publish({
        status: 'authenticated',
        user: { sub, profile: { sub } as never, scopes: [], accessTokenExpiresAt: Infinity },
        error: null,
      }),
    signOut: (error: AuthError | null = null) =>
      publish({ status: 'unauthenticated', user: null, error }),
    loginRequired: () => new AuthError('login_required', 'ended', { step: 'refresh' }),
  };
}
