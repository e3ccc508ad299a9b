// The BFF-mode session engine: the same AuthClient face as createAuthClient, with the session held
// by a backend-for-frontend (@sesame/bff) behind a cookie, and no token in the page. Decisions keep
// their one owner:
//   start an automatic sign-in, or show why not?   sign-in-policy.ts (memory: redirect-guard.ts)
//   which prompt after an idle sign-out?            sign-in-policy.ts (signInPrompt)
//   a safe returnTo?                                url.ts
//   the public user and who changed                 session-store.ts
//   which requests carry the session, 401/403       bff-fetch.ts
//   what /session says                              bff-session.ts
//   a reload's state before the first answer        bff-session-cache.ts
//   ending the session at the BFF, and until when   bff-logout.ts
//   tabs, idle, session end, when to ask again      bff-lifecycle.ts, idle.ts, timeouts.ts
// Nothing here imports oidc-client-ts (the bundle test in bff.bundle.test.ts holds it to that).
import { AuthError, type AuthStep } from './errors';
import { DEV } from './dev';
import { createBffFetch } from './bff-fetch';
import { createBffLifecycle, type Announcement, type CheckReason } from './bff-lifecycle';
import { createBffLogout } from './bff-logout';
import { createInspector } from './inspect';
import type { InspectActions } from './inspect-event';
import { readSession, type BffSession } from './bff-session';
import { readCachedSession, writeCachedSession } from './bff-session-cache';
import {
  resolveBffSettings,
  type BffClientSettings,
  type ResolvedBffSettings,
} from './bff-settings';
import { pageStorage } from './bff-storage';
import { leavePage } from './leave-page';
import { emit, register } from './listeners';
import { createSignInGate } from './redirect-guard';
import { createSessionStore } from './session-store';
import { signInPrompt } from './sign-in-policy';
import type { AuthClient, AuthUser, IdTokenClaims, SignInOptions, SignOutOptions } from './types';
import { checkReturnTo } from './url';

/** A BFF-mode client: an {@link AuthClient} whose `settings` are {@link ResolvedBffSettings}. */
export type BffAuthClient<C extends IdTokenClaims = IdTokenClaims> = AuthClient<C> & {
  readonly settings: ResolvedBffSettings;
};

// Focus and visibilitychange both fire on coming back to a tab: one check for both.
const RECHECK_GAP_MS = 5000;

const noop = () => {};

const endedError = (idle: boolean) =>
  new AuthError(
    idle ? 'idle_timeout' : 'signed_out_elsewhere',
    DEV &&
      (idle
        ? 'Signed out after a period of inactivity.'
        : 'Signed out in another tab of this app.'),
    { step: 'sign_out' },
  );

/**
 * Creates the session engine for BFF mode (`@sesame/bff` mounted at `baseUrl` on the app's origin):
 * `<AuthProvider client>`, `useAuth`, the route guards and `@sesame/react-query` work with it as
 * with `createAuthClient`, and no token ever reaches the page. Safe to call on a server (browser-only
 * commands reject with `browser_required`). Throws `invalid_settings` when the settings are wrong.
 */
export function createBffClient<C extends IdTokenClaims = IdTokenClaims>(
  input: BffClientSettings = {},
): BffAuthClient<C> {
  const settings = resolveBffSettings(input);
  const { baseUrl, logger } = settings;
  // Every decision goes to the logger and to inspect() listeners (inspect.ts).
  const { log, inspect } = createInspector(logger);
  const browser = typeof window !== 'undefined' && typeof BroadcastChannel === 'function';
  const navigate = settings.navigate ?? leavePage;
  const at = (path: string) => new URL(baseUrl + path, location.href).href;
  const store = createSessionStore<C>();
  const refreshedListeners = new Set<(user: AuthUser<C>) => void>();
  // This tab's "left for the IdP" mark (redirect-guard.ts); found again on the page the BFF sends
  // the browser back to, it says the sign-in came back.
  const tab = pageStorage('session');
  const signInKey = `sesame.signin:bff:${baseUrl}`;
  const cacheKey = `sesame.session:bff:${baseUrl}`;
  const gate = createSignInGate(
    tab,
    signInKey,
    store.get,
    () => life.reauth.required(),
    (error) => {
      if (!session) store.set({ status: 'error', user: null, error });
    },
    log,
  );

  // Until the BFF confirms a sign-out, no session is taken back from it.
  const bffLogout = createBffLogout({ url: () => at('/logout'), navigate, log });
  const logoutInBackground = () => void bffLogout.logout(false).catch(noop);

  let session: BffSession | null = null;
  let loading: Promise<void> | undefined;
  let checking: Promise<void> | undefined;
  let lastCheck = 0;
  let started = false;
  // The error state a failed first check left (a later check that succeeds replaces it).
  let checkError: AuthError | undefined;
  // Bumped whenever this tab ends its session: an answer to a check sent before is stale.
  let epoch = 0;
  // The first check's request, sent as the client is made (module load) rather than when the app's
  // first render has run initialize(); dropped when this tab ends its session before it is used.
  let early: Promise<BffSession | null> | undefined;

  const browserRequired = (step: AuthStep) =>
    new AuthError('browser_required', DEV && 'This needs a browser.', { step });

  /** Publishes `next` (or nobody, with `error` as the reason) and tells the tabs `announce`. */
  function setSession(
    next: BffSession | null,
    error: AuthError | null = null,
    announce: Announcement | null = null,
  ) {
    const previous = session;
    session = next;
    writeCachedSession(tab, cacheKey, next);
    store.set(store.stateFor(next?.user ?? null, error));
    if (
      next &&
      previous?.user.profile.sub === next.user.profile.sub &&
      previous.accessTokenExpiresAt !== next.accessTokenExpiresAt
    ) {
      // The BFF refreshed the session's token (the page never sees it).
      log(DEV ? 'refreshed' : 9, { expiresAt: next.user.expires_at });
      emit(refreshedListeners, store.get().user!);
    }
    life.sessionSet(next, announce);
  }

  /** Ends the session in this tab now; `announce` tells the other tabs. */
  function dropSession(error: AuthError | null, announce: Announcement | null) {
    epoch++;
    early = undefined;
    if (session) log(DEV ? 'signed out locally' : 23);
    if (session || error) setSession(null, error, announce);
  }

  const life = createBffLifecycle(settings, {
    signedIn: () => !!session,
    check: (reason) => void check(reason),
    signedOutElsewhere(reason) {
      log(DEV ? 'signed out in another tab' : 21, { reason });
      dropSession(endedError(reason === 'idle_timeout'), null); // that tab ended the BFF's session
    },
    idleExpired() {
      log(DEV ? 'signed out for inactivity' : 22);
      life.reauth.set(true); // before the tabs hear of it: they read it
      dropSession(endedError(true), { type: 'signed-out', reason: 'idle_timeout' });
      logoutInBackground();
    },
  });

  /** What the BFF's answer to a check (made for `reason`) means here. */
  function adopt(found: BffSession | null, reason: CheckReason) {
    let next = found;
    // The first check of a page that this tab left for a sign-in: the BFF sent it back signed in.
    const returned = !!next && reason === 'initialize' && !!tab.getItem(signInKey);
    if (returned) {
      gate.callbackArrived();
      gate.signedIn(Date.now());
      life.reauth.set(false);
      log(DEV ? 'signed in' : 4);
    }
    // Other tabs hear of a change this tab found by itself (not of what they told it, nor of what
    // a page load finds: they knew it already), and always of a new sign-in.
    const local = returned || (reason !== 'tab' && reason !== 'initialize');
    // After an idle sign-out, only a sign-in with credentials counts (the flag above); a session
    // this tab is ending is not taken back either.
    if (life.reauth.required() || bffLogout.pending()) next = null;
    const authTime = next?.user.profile.auth_time;
    if (typeof authTime === 'number') gate.signedIn(authTime * 1000);
    if (next) {
      const changed = next.user.profile.sub !== session?.user.profile.sub;
      setSession(next, null, local && changed ? { type: 'user' } : null);
    } else if (session) {
      log(DEV ? 'session ended at the BFF' : 40);
      setSession(
        null,
        new AuthError('login_required', DEV && 'The session has ended; sign in again.', {
          step: 'refresh',
        }),
        local ? { type: 'user' } : null,
      );
    } else {
      const { status, error } = store.get();
      // Nobody, still: the first answer, or the first that came through after a failed one.
      if (status === 'loading' || (error && error === checkError)) setSession(null);
      else life.schedule(null);
    }
  }

  /** One check at a time; `visible` and `focus` at most every RECHECK_GAP_MS. */
  function check(reason: CheckReason): Promise<void> {
    if (
      (reason === 'visible' || reason === 'focus') &&
      (checking || Date.now() - lastCheck < RECHECK_GAP_MS)
    ) {
      return checking ?? Promise.resolve();
    }
    return (checking ??= runCheck(reason).finally(() => {
      checking = undefined;
      lastCheck = Date.now();
    }));
  }

  async function runCheck(reason: CheckReason) {
    // A sign-out the BFF has not confirmed goes first (or is waited for, when under way).
    await bffLogout.settled(true);
    const seen = epoch;
    const sent = early;
    early = undefined;
    try {
      const found = await (sent ?? readSession(at('/session')));
      // A check sent before this tab ended its session says nothing about it now.
      adopt(seen === epoch ? found : null, reason);
    } catch (caught) {
      const error = caught as AuthError;
      log(DEV ? 'session check failed' : 41, { code: error.code });
      if (store.get().status === 'loading') {
        // Unknown, rather than signed out: a guard shows it instead of leaving for a sign-in.
        checkError = error;
        store.set({ status: 'error', user: null, error });
      }
      life.schedule(session);
    }
  }

  if (browser) {
    early = readSession(at('/session'));
    early.catch(noop); // its failure is the first check's, whenever that runs
    // A reload starts from this tab's last answer while it cannot have ended yet, so the app renders
    // and sends its API calls at once (bff-session-cache.ts). Not after an idle sign-out, nor on the
    // way back from a sign-in (who signed in is the BFF's to say).
    const kept =
      tab.getItem(signInKey) || life.reauth.required()
        ? null
        : readCachedSession(tab, cacheKey, Date.now());
    if (kept) {
      log(DEV ? 'session from the last check in this tab' : 44);
      setSession(kept);
    } else writeCachedSession(tab, cacheKey, null);
  }

  function initialize(): Promise<void> {
    if (!browser) return Promise.reject(browserRequired('initialize'));
    if (!started) {
      started = true;
      life.start();
      if (loading) void check('initialize'); // started again after dispose(): things may have changed
    }
    return (loading ??= check('initialize').then(() =>
      log(DEV ? 'session loaded' : 1, { status: store.get().status }),
    ));
  }

  /** Where a sign-in goes: `{baseUrl}/login` with the way back; null to stay. */
  async function prepareSignIn(options: SignInOptions): Promise<string | null> {
    if (!browser) throw browserRequired('sign_in');
    await bffLogout.settled(); // the old session's end must reach the BFF before a new one starts
    const returnTo = checkReturnTo(
      options.returnTo ?? location.pathname + location.search + location.hash,
    );
    const prompt = signInPrompt(options.prompt, life.reauth.required());
    if (prompt === null) {
      store.set(
        store.stateFor(
          null,
          new AuthError('login_required', DEV && 'Sign in again after inactivity.', {
            step: 'sign_in',
          }),
        ),
      );
      return null;
    }
    const query = new URLSearchParams({ returnTo });
    if (prompt) query.set('prompt', prompt);
    if (options.loginHint) query.set('login_hint', options.loginHint);
    log(DEV ? 'redirecting to sign in' : 2, { prompt, auto: options.auto === true });
    return at(`/login?${query}`);
  }

  async function endSession(options: SignOutOptions): Promise<boolean> {
    if (!browser) throw browserRequired('sign_out');
    // Signed out here at once, and in the other tabs; a check under way cannot bring it back
    // (dropSession makes its answer stale, and none is adopted until the BFF confirms).
    dropSession(null, { type: 'signed-out', reason: 'sign_out' });
    const left = bffLogout.logout(options.redirect !== false);
    void initialize(); // a client never started settles (its check waits for the logout)
    return left;
  }

  const bffFetch = createBffFetch({
    apiPath: `${baseUrl}/api/`,
    ready: initialize,
    currentSub: () => session?.user.profile.sub ?? null,
    log,
    sessionEnded(error) {
      if (error.code === 'login_required') {
        // The BFF has no session: every tab shares its cookie, so each asks the BFF again.
        dropSession(error, { type: 'user' });
      } else {
        // The API refused the session's refreshed token: it ends everywhere, at the BFF too
        // (as browser mode revokes the refresh token).
        dropSession(error, { type: 'signed-out', reason: 'sign_out' });
        logoutInBackground();
      }
    },
  });

  // @sesame/devtools' buttons (inspect-actions.ts), in development builds only: production builds
  // fold this statement away. BFF mode has no token in the page: a "refresh" is a new /session check.
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions -- `DEV && …` is dropped whole
  DEV &&
    Object.assign(inspect, {
      actions: {
        forceRefresh: () => check('timer'),
        // Nothing announced, nor ended at the BFF: the next check finds the session again.
        signOutThisTab: () => setSession(null),
      } satisfies InspectActions,
    });

  return {
    settings,
    getSnapshot: store.get,
    subscribe: store.subscribe,
    initialize,
    signIn: (options: SignInOptions = {}) =>
      gate.run(options.auto === true, () => prepareSignIn(options), navigate),
    signInDecision: gate.decide,
    // The BFF receives the authorization response at {baseUrl}/callback: the app never does.
    isCallbackUrl: () => false,
    handleCallback: () =>
      Promise.reject(
        new AuthError(
          'callback_invalid',
          DEV &&
            `In BFF mode the BFF completes sign-ins at ${baseUrl}/callback; the app has no callback to handle.`,
          { step: 'callback' },
        ),
      ),
    signOut: (options: SignOutOptions = {}) => gate.signOut(() => endSession(options)),
    getAccessToken: () =>
      Promise.reject(
        new AuthError(
          'bff_no_token',
          DEV &&
            `BFF mode keeps tokens on the server: call the API through client.fetch('${baseUrl}/api/<name>/...').`,
          { step: 'refresh' },
        ),
      ),
    fetch: bffFetch,
    peekAccessToken: () => null,
    onUserChanged: store.onUserChanged,
    onTokenRefreshed: register(refreshedListeners),
    getTimeouts: life.timeouts.get,
    subscribeTimeouts: life.timeouts.subscribe,
    reportActivity: life.reportActivity,
    inspect,
    dispose() {
      started = false;
      life.stop();
    },
  };
}
