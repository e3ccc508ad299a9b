import { AuthError } from './errors';
import { DEV } from './dev';

/**
 * How long after a sign-in completed (or after this tab last left for the IdP) an *automatic*
 * sign-in is refused. Long enough to cover "signed in, then the first API call ended the session";
 * short enough that a session that ends normally later re-authenticates once, automatically.
 */
export const AUTO_SIGN_IN_COOLDOWN_MS = 60_000;

export interface SignInGateDeps {
  /** This tab's storage: the "left for the IdP" mark must survive the page unloading. */
  storage: Storage;
  key: string;
  /** Publishes a refused or failed sign-in as the `error` state. */
  fail(error: AuthError): void;
  log(message: string, data?: Record<string, unknown>): void;
  now?: () => number;
}

/**
 * The memory that stops redirect loops (see `SignInOptions.auto`). An automatic sign-in (a route
 * guard, a loader) is refused with `redirect_loop_prevented` within the cooldown after
 * - a sign-in completed: the session died at once (an API rejecting every token), so leaving again
 *   would only bring the user back to the same death. The time travels with the stored user (its
 *   `signed_in_at`), so a full reload after the callback does not forget it; nothing is left in
 *   storage once the session has ended.
 * - this tab left for the IdP and came back without an answer (the back button): sending the user
 *   forward again would trap them. This mark lives in sessionStorage only until a callback arrives.
 * A sign-in the user asked for (a button) is always allowed.
 *
 * Within one page life it also makes sign-in single-flight: concurrent calls share one attempt, and
 * automatic calls made after the redirect started (StrictMode's second effect, a loader and a route
 * guard on the same navigation) do nothing.
 */
export function createSignInGate(deps: SignInGateDeps) {
  const now = deps.now ?? Date.now;
  let inFlight: Promise<void> | undefined;
  let redirectPending = false;
  let signingOut = 0;
  let lastSignInAt = -Infinity;
  let listening = false;

  const readLeftAt = (): number => {
    try {
      const at = Number(deps.storage.getItem(deps.key));
      return at > 0 ? at : -Infinity;
    } catch {
      return -Infinity;
    }
  };
  const clearLeftAt = () => {
    try {
      deps.storage.removeItem(deps.key);
    } catch {
      // nothing stored
    }
  };
  const listenForReturn = () => {
    if (listening || typeof window === 'undefined') return;
    listening = true;
    // Back from the IdP through the back/forward cache: this page's redirect is no longer under way.
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) redirectPending = false;
    });
  };

  function refusal(): AuthError | null {
    const since = now() - Math.max(lastSignInAt, readLeftAt());
    if (!(since >= 0 && since < AUTO_SIGN_IN_COOLDOWN_MS)) return null;
    deps.log('automatic sign-in refused', { sinceMs: since });
    return new AuthError(
      'redirect_loop_prevented',
      DEV &&
        'Not redirecting to sign in again so soon after the last sign-in; let the user sign in.',
      { step: 'sign_in' },
    );
  }

  return {
    /**
     * Runs a sign-in under the gate: `prepare` builds the authorization URL (or `null` when there is
     * nowhere to go), then the mark is written and `navigate` leaves the page. A rejection of
     * `prepare` is published as the `error` state.
     */
    run(
      auto: boolean,
      prepare: () => Promise<string | null>,
      navigate: (url: string) => void,
    ): Promise<void> {
      if (inFlight) return inFlight;
      if (auto && (redirectPending || signingOut)) {
        // A guard that sees the session end because the user is signing out must not race the
        // sign-out's own redirect to the IdP's logout page.
        deps.log('automatic sign-in skipped', {
          reason: signingOut ? 'signing out' : 'a redirect is already under way',
        });
        return Promise.resolve();
      }
      const refused = auto ? refusal() : null;
      if (refused) {
        deps.fail(refused);
        return Promise.reject(refused);
      }
      const attempt = prepare().then(
        (url) => {
          if (url === null) return;
          try {
            // Written before leaving: nothing after navigate() is sure to run.
            deps.storage.setItem(deps.key, String(now()));
          } catch {
            // Storage full or disabled: the in-memory guard still holds for this page.
          }
          redirectPending = true;
          listenForReturn();
          navigate(url);
        },
        (error: AuthError) => {
          deps.fail(error);
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
      lastSignInAt = -Infinity;
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
