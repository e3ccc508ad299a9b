import { useContext, useEffect, useRef, useState } from 'react';
import {
  UNSAFE_DataRouterContext as DataRouterContext,
  UNSAFE_DataRouterStateContext as DataRouterStateContext,
} from 'react-router';
import type { AuthClient, AuthState, IdTokenClaims } from '@sesame/core';

// The user each client's loader guard last resolved for. Loaders run before the route renders, so
// a user who changes while they are out is caught by comparing this with the user at mount.
const lastLoadedFor = new WeakMap<AuthClient<IdTokenClaims>, string>();

/** Called by the loader guard when it lets a loader run for `sub`. */
export function noteLoaderUser<C extends IdTokenClaims>(client: AuthClient<C>, sub: string) {
  lastLoadedFor.set(client as AuthClient<IdTokenClaims>, sub);
}

// Mounted while the session was still loading: loaders that needed a user waited for this very
// session to settle (requireAuth), so the first signed-in user owns the data.
const SETTLING = Symbol('settling');
type Owner = string | null | typeof SETTLING;

function initialOwner<C extends IdTokenClaims>(client: AuthClient<C>, state: AuthState<C>): Owner {
  const loaded = lastLoadedFor.get(client as AuthClient<IdTokenClaims>);
  if (loaded !== undefined) return loaded;
  if (state.status === 'authenticated') return state.user.sub;
  return state.status === 'loading' ? SETTLING : null;
}

interface Revalidation {
  sub: string;
  /** Router states produced once the revalidation asked for `sub` had finished. */
  fresh: WeakSet<object>;
}

/**
 * Whether the data router's loader data may be shown to the signed-in user: true when it was
 * loaded for them, false from the moment another user takes over (or the session ends and someone
 * signs in again) until the router has revalidated for the new user. A revalidation starts by
 * itself when it is false. Outside a data router there is no loader data, so it is always true.
 */
export function useLoaderDataOwned<C extends IdTokenClaims>(
  client: AuthClient<C>,
  state: AuthState<C>,
): boolean {
  const router = useContext(DataRouterContext)?.router ?? null;
  // The router state this render shows. RouterProvider hands router updates to React in a
  // transition, so the router's own `state` can be ahead of what renders; only a rendered state
  // produced after the revalidation tells that the rendered loader data is the new user's.
  const rendered: object | null = useContext(DataRouterStateContext);
  const [owner, setOwner] = useState<Owner>(() => initialOwner(client, state));
  const revalidation = useRef<Revalidation | null>(null);

  const sub = state.status === 'authenticated' ? state.user.sub : null;
  let owned = router === null || state.status === 'loading';
  if (!owned) {
    if (sub === null) {
      // The session ended: whatever the router holds belongs to a user who is gone.
      if (owner !== null) setOwner(null);
    } else if (owner === sub || owner === SETTLING) {
      owned = true;
      if (owner === SETTLING) setOwner(sub);
    } else if (
      revalidation.current?.sub === sub &&
      rendered !== null &&
      revalidation.current.fresh.has(rendered)
    ) {
      owned = true;
      setOwner(sub);
    }
  }

  useEffect(() => {
    if (owned || router === null || sub === null) return;
    const fresh = new WeakSet<object>();
    revalidation.current = { sub, fresh };
    let finished = false;
    // Subscribed before revalidate(), which marks the router `loading` at once: the first `idle`
    // that follows ends this revalidation (or a navigation that took it over, which reruns every
    // loader as well), so that state and every later one hold loader data for `sub`.
    const stop = router.subscribe((next) => {
      if (next.revalidation === 'idle') finished = true;
      if (finished) fresh.add(next);
    });
    void router.revalidate();
    return stop;
  }, [owned, router, sub]);

  return owned;
}
