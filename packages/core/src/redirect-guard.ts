import type { AuthError } from './errors';
import { DEV, type LogEvent } from './dev';
import { decideAutoSignIn } from './sign-in-policy';
import type { AuthState, AutoSignInDecision } from './types';

/**
 * The memory that stops redirect loops; the rule that reads it is `decideAutoSignIn`
 * (sign-in-policy.ts). It remembers
 * - when the last sign-in completed. The time travels with the stored user (its `signed_in_at`), so
 *   a full reload after the callback does not forget it; nothing is left in storage once the session
 *   has ended.
 * - when this tab left for the IdP, until a callback arrives (sessionStorage: the back button
 *   brings the user to a new page load).
 * - whether a sign-in is in flight or its redirect under way, and whether a sign-out runs.
 *
 * Within one page life it also makes sign-in single-flight: concurrent calls share one attempt.
 *
 * Its parts come positionally (an options object's property names would ship in every app's bundle):
 * `storage` is this tab's storage (the "left for the IdP" mark must survive the page unloading) and
 * `key` the mark's key; `state` reads the published session state and `reauth` whether an idle
 * sign-out awaits a sign-in with credentials (the policy reads both); `fail` publishes a refused or
 * failed sign-in as the `error` state.
 */
export function createSignInGate(
  storage: Storage,
  key: string,
  state: () => AuthState,
  reauth: () => boolean,
  fail: (error: AuthError) => void,
  log: (event: LogEvent, data?: Record<string, unknown>) => void,
) {
  let inFlight: Promise<void> | undefined;
  let redirectPending = false;
  let signingOut = 0;
  // Epoch ms; 0 (long past) for "never", here and for a missing mark.
  let lastSignInAt = 0;

  // `storage` comes from webStorage(): reading and removing do not throw (writing may, when full).
  const readLeftAt = () => Number(storage.getItem(key));
  const clearLeftAt = () => storage.removeItem(key);
  // Back from the IdP through the back/forward cache: this page's redirect is no longer under way.
  if (typeof window !== 'undefined') {
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) redirectPending = false;
    });
  }

  /** The policy's answer over this memory and the current state. */
  const decide = (): AutoSignInDecision =>
    decideAutoSignIn(
      state(),
      reauth(),
      Date.now(),
      lastSignInAt,
      readLeftAt(),
      !!inFlight || redirectPending || signingOut > 0,
    );

  return {
    decide,
    /**
     * Runs a sign-in under the gate (an `auto` one only when the policy says `'go'`): `prepare`
     * builds the authorization URL (or `null` when there is nowhere to go), then the mark is written
     * and `navigate` leaves the page. A rejection of `prepare` is published as the `error` state.
     */
    async run(
      auto: boolean,
      prepare: () => Promise<string | null>,
      navigate: (url: string) => void,
    ): Promise<void> {
      // Joined, automatic or not: a loader awaiting it must see it fail.
      if (inFlight) return inFlight;
      const decision = auto ? decide() : 'go';
      if (decision !== 'go') {
        log(DEV ? 'automatic sign-in skipped' : 3, { reason: decision });
        // Nothing to start, and nothing new to show: the state already says why.
        if (decision === 'wait' || decision === state().error) return;
        fail(decision);
        throw decision;
      }
      const attempt = prepare().then(
        (url) => {
          if (url === null) return;
          try {
            // Written before leaving: nothing after navigate() is sure to run.
            storage.setItem(key, String(Date.now()));
          } catch {
            // Storage full or disabled: the in-memory guard still holds for this page.
          }
          redirectPending = true;
          navigate(url);
        },
        (error: AuthError) => {
          fail(error);
          throw error;
        },
      );
      inFlight = attempt.finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    /** An authorization response arrived: the redirect is over, whatever its outcome. */
    callbackArrived() {
      redirectPending = false;
      clearLeftAt();
    },
    /** A session that started at `at` (epoch ms) was seen: a completed callback or a stored user. */
    signedIn(at: number | undefined) {
      if (at !== undefined && at > lastSignInAt) lastSignInAt = at;
    },
    /**
     * The user signs out: the next automatic sign-in is a fresh start, but none starts while
     * `signOut` runs, nor after it has left for the IdP's logout page.
     */
    async signOut(run: () => Promise<boolean>) {
      lastSignInAt = 0;
      clearLeftAt();
      signingOut++;
      let left = false;
      try {
        left = await run();
      } finally {
        if (!left) signingOut--;
      }
    },
  };
}

export type SignInGate = ReturnType<typeof createSignInGate>;
