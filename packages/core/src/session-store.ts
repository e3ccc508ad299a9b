import type { IdTokenClaims } from 'oidc-client-ts';
import type { AuthError } from './errors';
import type { StoredUser } from './storage';
import type { AuthState, AuthUser } from './types';
import { emit, register, type Listener } from './listeners';

/** What the public user is made of: a stored user, or what the BFF's `/session` says (bff-session.ts). */
export type UserFields = Pick<StoredUser, 'profile' | 'scope' | 'expires_at'>;

// Claims that change on every refresh without saying anything new about the user.
const stable = ({ exp: _exp, iat: _iat, ...rest }: IdTokenClaims) => JSON.stringify(rest);

/** Builds the public user, reusing `previous` (or its parts) when nothing changed. */
export function toAuthUser<C extends IdTokenClaims>(
  stored: UserFields,
  previous: AuthUser<C> | null,
): AuthUser<C> {
  const profile =
    previous && stable(previous.profile) === stable(stored.profile)
      ? previous.profile
      : (stored.profile as C);
  const scope = stored.scope ?? '';
  const scopes =
    previous && previous.scopes.join(' ') === scope
      ? previous.scopes
      : scope.split(' ').filter(Boolean);
  const accessTokenExpiresAt = stored.expires_at ? stored.expires_at * 1000 : Infinity;
  // The same profile object carries the same `sub` (its stable JSON matched), so no check of `sub`.
  return previous &&
    previous.profile === profile &&
    previous.scopes === scopes &&
    previous.accessTokenExpiresAt === accessTokenExpiresAt
    ? previous
    : { sub: stored.profile.sub, profile, scopes, accessTokenExpiresAt };
}

/** The snapshot plus who is notified: a new snapshot object only when status, user or error changed. */
export function createSessionStore<C extends IdTokenClaims>() {
  const listeners = new Set<Listener<[]>>();
  const userListeners = new Set<Listener<[string | null, string | null]>>();
  let snapshot: AuthState<C> = { status: 'loading', user: null, error: null };
  // The subject last published; undefined until the first settled state so loading a session is not a "change".
  let lastSub: string | null | undefined;

  return {
    get: () => snapshot,
    subscribe: register(listeners),
    onUserChanged: register(userListeners),
    /** Publishes `next`. `notify` forces listeners to run even when the snapshot is unchanged (a new token). */
    set(next: AuthState<C>, notify = false) {
      const sub = next.user?.sub ?? null;
      if (next.status !== 'loading') {
        // Before subscribers render: the data layer drops the old user's cache first.
        if (lastSub !== undefined && lastSub !== sub) emit(userListeners, lastSub, sub);
        lastSub = sub;
      }
      if (
        next.status !== snapshot.status ||
        next.user !== snapshot.user ||
        next.error !== snapshot.error
      ) {
        snapshot = next;
        notify = true;
      }
      if (notify) emit(listeners);
    },
    /** The state for a stored user (or for nobody, with the reason). */
    stateFor(user: UserFields | null, error: AuthError | null = null): AuthState<C> {
      return user
        ? { status: 'authenticated', user: toAuthUser(user, snapshot.user), error: null }
        : { status: 'unauthenticated', user: null, error };
    },
  };
}
