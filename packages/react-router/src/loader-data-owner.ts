import { useContext, useEffect, useRef, useState } from 'react';
import {
  UNSAFE_DataRouterContext as DataRouterContext,
  UNSAFE_DataRouterStateContext as DataRouterStateContext,
} from 'react-router';
import type { AuthClient, AuthState } from '@sesame/core';

/**
 * The user each client's router data was last loaded for: set by the loader guard when it lets a
 * loader run, and by a guard once a revalidation made the data the new user's. Loaders run before
 * the route renders, so a user who changed while they were out shows as a difference at mount.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keyed by any client's claims type
export const loaderUsers = new WeakMap<AuthClient<any>, string>();

/**
 * Whether the data router's loader data may be shown to the signed-in user: true when it was
 * loaded for them, false from the moment another user takes over (or the session ends and someone
 * signs in again) until the router has revalidated for the new user. A revalidation starts by
 * itself while it is false. Outside a data router there is no loader data: always true.
 */
export function useLoaderDataOwned(client: AuthClient, state: AuthState): boolean {
  const router = useContext(DataRouterContext)?.router;
  // The router state this render shows. RouterProvider hands router updates to React in a
  // transition, so the router itself can be ahead of what renders: only a rendered state produced
  // after the revalidation shows loader data of the new user.
  const rendered: object | null = useContext(DataRouterStateContext);
  const sub = state.user?.sub;
  // The user the loader data belongs to; undefined: the first one signed in (mounted while the
  // session loaded, when the loaders that needed a user waited for this very session).
  const [owner, setOwner] = useState<string | null | undefined>(
    () => loaderUsers.get(client) ?? sub,
  );
  // The user a revalidation was started for, and the router states produced once it had finished.
  const revalidated = useRef<[string, WeakSet<object>]>(undefined);

  let owned = !router || state.status === 'loading';
  if (!sub) {
    // The session ended: whatever the router holds belongs to a user who is gone.
    if (!owned && owner !== null) setOwner(null);
  } else if (
    owned ||
    owner === sub ||
    owner === undefined ||
    (revalidated.current?.[0] === sub && revalidated.current[1].has(rendered!))
  ) {
    owned = true;
    if (owner !== sub) setOwner(sub);
  }

  useEffect(() => {
    if (!router || !sub) return;
    // The router's data is this user's: a guard that mounts later need not revalidate again.
    if (owned) return void loaderUsers.set(client, sub);
    const fresh = new WeakSet<object>();
    revalidated.current = [sub, fresh];
    let finished = false;
    // Subscribed before revalidate(), which marks the router `loading` at once: the first `idle`
    // after it ends this revalidation (or a navigation that took it over, which reruns every loader
    // too), so that state and every later one hold loader data for `sub`.
    const stop = router.subscribe((next) => {
      finished ||= next.revalidation === 'idle';
      if (finished) fresh.add(next);
    });
    void router.revalidate();
    return stop;
  }, [client, owned, router, sub]);

  return owned;
}
