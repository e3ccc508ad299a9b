// The `state` of RP-initiated logout. Some providers send the browser back to
// `post_logout_redirect_uri` only when the logout request carries one. It is kept in this tab's
// sessionStorage when leaving and checked when the page loads again; a wrong or missing one changes
// nothing (the user is signed out either way) but is logged.

/** A fresh `state` for a logout request, remembered under `key` until the page comes back. */
export function leaveForLogout(storage: Storage, key: string): string {
  const state = crypto.randomUUID();
  try {
    storage.setItem(key, state);
  } catch {
    // Storage full or refused: the logout goes ahead; its return is simply not checked.
  }
  return state;
}

/** On page load: if this tab left for a logout, logs whether `url` came back with its `state`. */
export function backFromLogout(
  storage: Storage,
  key: string,
  url: string,
  log: (message: string) => void,
) {
  const expected = storage.getItem(key);
  if (expected === null) return;
  storage.removeItem(key);
  log(
    new URL(url).searchParams.get('state') === expected
      ? 'back from sign-out'
      : 'back from sign-out with an unknown or no state',
  );
}
