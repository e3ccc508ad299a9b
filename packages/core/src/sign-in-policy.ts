// "Start an automatic sign-in, or show why not?" and "which prompt?", answered over plain values.
// The redirect guard keeps the memory (the "left for the IdP" mark, the sign-in in flight) and asks
// here; `signIn({ auto: true })`, <ProtectedRoute>, the loader guard and the mock client all read the
// same answer, so no guard can decide differently from another.
import { AuthError } from './errors';
import { DEV } from './dev';
import type { AuthState, AutoSignInDecision } from './types';

/**
 * How long after a sign-in completed (or after this tab last left for the IdP) an *automatic*
 * sign-in is refused. Long enough to cover "signed in, then the first API call ended the session";
 * short enough that a session that ends normally later re-authenticates once, automatically.
 */
export const AUTO_SIGN_IN_COOLDOWN_MS = 60_000;

/**
 * The one rule for automatic sign-ins (route guards, loaders), first match wins:
 * 1. Show the state's error, never leave: the last sign-in failed (status `error`: a broken IdP would
 *    loop), the session ended for inactivity (`idle_timeout`) or by a sign-out in another tab
 *    (`signed_out_elsewhere`, whose IdP session may live a moment longer and sign this tab straight
 *    back in), the session found dead as the IdP came back from an outage (`session_lost`: the
 *    user may be away or mid-task, so never leave the page for them), or any error after an idle
 *    sign-out (a silent sign-in that was refused).
 * 2. `'wait'` while a sign-in redirect or a sign-out is under way: leaving again would race it.
 * 3. Show `redirect_loop_prevented` within {@link AUTO_SIGN_IN_COOLDOWN_MS} of the last completed
 *    sign-in (the session died at once: leaving again brings the user back to the same death) or of
 *    this tab's last trip to the IdP (the user came back without an answer: do not trap them).
 * 4. Otherwise `'go'`.
 * A sign-in the user asks for (a button) does not ask this: it always goes. Plain arguments rather
 * than one object, as property names survive minification. Times are epoch milliseconds, and any
 * time long past (`0`) means "never".
 *
 * @param state The session as published (`getSnapshot()`).
 * @param reauth An idle sign-out happened and no sign-in completed since.
 * @param now The current time.
 * @param signedInAt When the last sign-in completed.
 * @param leftAt When this tab last left for the IdP with no answer arriving since (the back button).
 * @param busy A sign-in is being prepared or its redirect is under way in this page, or a sign-out
 *   runs (or has left for the IdP's logout page).
 */
export function decideAutoSignIn(
  state: AuthState,
  reauth: boolean,
  now: number,
  signedInAt: number,
  leftAt: number,
  busy: boolean,
): AutoSignInDecision {
  const { status, error } = state;
  if (
    error &&
    (status === 'error' ||
      reauth ||
      error.code === 'idle_timeout' ||
      error.code === 'session_lost' ||
      error.code === 'signed_out_elsewhere')
  ) {
    return error;
  }
  if (busy) return 'wait';
  const since = now - Math.max(signedInAt, leftAt);
  return since >= 0 && since < AUTO_SIGN_IN_COOLDOWN_MS
    ? new AuthError(
        'redirect_loop_prevented',
        DEV &&
          'Not redirecting to sign in again so soon after the last sign-in; let the user sign in.',
        { step: 'sign_in' },
      )
    : 'go';
}

/**
 * The `prompt` a sign-in (automatic or not) sends. After an idle sign-out (`reauth`) the IdP session
 * may live on, and silent SSO must not bring the user back: `login` is added, and a `none` sign-in
 * cannot go at all (`null`).
 */
export function signInPrompt(
  prompt: string | undefined,
  reauth: boolean,
): string | undefined | null {
  if (!reauth) return prompt;
  if (prompt === 'none') return null;
  return prompt && prompt !== 'login' ? `login ${prompt}` : 'login';
}

/**
 * The one rule for a scope step-up (`signIn({ scopes })` with the `apis` setting, after an API
 * answered 403 `insufficient_scope`): it goes unless this tab already stepped up for every one of
 * `scopes` (`tried`), which would bring the user back to the same refusal, a loop. Then it is
 * `redirect_loop_prevented`: show the app's "not allowed" instead. A sign-in without step-up
 * scopes always goes.
 */
export function decideStepUp(
  scopes: readonly string[],
  tried: readonly string[],
): 'go' | AuthError {
  return scopes[0] && scopes.every((scope) => tried.includes(scope))
    ? new AuthError(
        'redirect_loop_prevented',
        DEV &&
          `This tab already signed in again for ${scopes.join(' ')}, and the API still refuses: the user lacks it.`,
        { step: 'sign_in' },
      )
    : 'go';
}
