import { DEV, type LogEvent } from './dev';
import { withoutCallbackParams } from './url';

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

/**
 * On page load: if this tab left for a logout, logs whether the page came back with its `state`
 * (`stateOk: false` for a wrong or missing one), and takes that `state` out of the address bar.
 */
export function backFromLogout(
  storage: Storage,
  key: string,
  log: (event: LogEvent, data: { stateOk: boolean }) => void,
) {
  const expected = storage.getItem(key);
  if (expected) {
    storage.removeItem(key);
    const stateOk = new URLSearchParams(location.search).get('state') === expected;
    if (stateOk) history.replaceState(history.state, '', withoutCallbackParams(location.href));
    log(DEV ? 'back from sign-out' : 26, { stateOk });
  }
}
