// The session engine: wiring and commands. Every decision has one owner elsewhere, which this
// file asks and never re-decides:
//   fresh? / refresh now? / how long to back off      freshness.ts (pure, over plain numbers)
//   send the token to this origin? / retry this 401?  fetch.ts
//   start an automatic sign-in, or show why not?      sign-in-policy.ts (its memory: redirect-guard.ts)
//   accept this token response? (type, ID token)      token-response.ts, id-token.ts, id-token-signature.ts
//   what a failure means (network, refused grant)     classify.ts (a refresh ends the session on
//                                                     any code but network_error / refresh_failed)
//   tabs, idle, session end                           lifecycle.ts, idle.ts, refresh-lock.ts
// What stays here shares the current user, the store and the single-flight promises, in one
// closure on purpose: split into callback / sign-in / token-refresh / sign-out modules (tried on
// 2026-12-01, all tests green) it cost 437 B gzip more, because a minifier shortens closure
// variables but never the property names a context object needs (bench/README.md). So this file
// is longer than the usual 300 lines.
import type { IdTokenClaims } from 'oidc-client-ts';
import { toAuthError } from './classify';
import { AuthError, type AuthStep } from './errors';
import { DEV } from './dev';
import { createAuthFetch, type AuthFetchDeps } from './fetch';
import { createInspector } from './inspect';
import type { InspectActions } from './inspect-event';
import { mustRefresh, nextRetryDelay, staleAt } from './freshness';
import { checkTokenResponse } from './token-response';
import { addUserInfo } from './userinfo';
import { createLifecycle } from './lifecycle';
import { checkedDiscovery, createOidcClient, revokeBestEffort, toStored } from './oidc-adapter';
import type { RefreshState, SigninResponse } from 'oidc-client-ts';
import { createSignInGate } from './redirect-guard';
import { signInPrompt } from './sign-in-policy';
import { createRenewal } from './renewal';
import { leavePage } from './leave-page';
import { backFromLogout, leaveForLogout } from './logout-state';
import { emit, register } from './listeners';
import { createSessionStore } from './session-store';
import type { ApiBinder } from './apis';
import { resolveSettings, type AuthClientSettings } from './settings';
import { createUserStore, webStorage, type StoredUser } from './storage';
import type {
  BrowserAuthClient,
  AuthUser,
  GetAccessTokenOptions,
  SignInOptions,
  SignOutOptions,
} from './types';
import {
  checkResponseShape,
  checkReturnTo,
  isAuthorizationResponse,
  isSafeReturnTo,
  withoutCallbackParams,
} from './url';

// What Sesame keeps in oidc-client-ts's sign-in state (sessionStorage, never in the URL).
interface SignInData {
  returnTo: string;
  prompt?: string | undefined;
}

// Answers to prompt=none that only mean "no session at the IdP".
const NO_SESSION = [
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
];

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
 * Creates the session engine for one OpenID Connect client. Safe to call on a server (nothing
 * touches `window` until a command runs; browser-only commands reject with `browser_required`).
 * Throws `invalid_settings` when the settings are wrong.
 */
export function createAuthClient<C extends IdTokenClaims = IdTokenClaims>(
  input: AuthClientSettings,
): BrowserAuthClient<C> {
  const settings = resolveSettings(input);
  const { authority, client_id, resource, logger } = settings;
  // Every decision goes to the logger and to inspect() listeners (inspect.ts).
  const { log, inspect } = createInspector(logger);
  // A window without BroadcastChannel (cross-tab sign-out, cross-tab.ts) is an engine older than
  // any Sesame can sign in with (crypto.randomUUID came later everywhere): no browser either.
  const browser = typeof window !== 'undefined' && typeof BroadcastChannel === 'function';
  const users = createUserStore(settings);
  const dpop = settings.dpop?.(settings);
  const oidc = createOidcClient(settings, dpop);
  const metadata = checkedDiscovery(oidc, authority);
  const navigate = settings.navigate ?? leavePage;
  const logoutKey = `sesame.signout:${client_id}@${authority}`;
  const store = createSessionStore<C>();
  const refreshedListeners = new Set<(user: AuthUser<C>) => void>();
  const callbacks = new Map<string, Promise<{ returnTo: string }>>();
  const usedCallbacks = new Set<string>();
  const gate = createSignInGate(
    webStorage('session'),
    `sesame.signin:${client_id}@${authority}`,
    store.get,
    () => life.reauth.required(),
    // A sign-in that could not start (or was refused) is the "last attempt failed" state, unless someone is signed in.
    (error) => {
      if (!user) store.set({ status: 'error', user: null, error });
    },
    log,
  );

  let user: StoredUser | null = null;
  let loading: Promise<void> | undefined;
  let refreshing: Promise<string> | undefined;
  let callbacksRunning = 0;
  let started = false;
  // Tokens still to revoke after a sign-out whose revocation failed (memory only, retried by signOut()).
  let unrevoked: [string, 'refresh_token' | 'access_token'][] = [];

  const requireBrowser = (step: AuthStep) => {
    if (!browser) throw new AuthError('browser_required', DEV && 'This needs a browser.', { step });
  };

  // Token requests that failed with a network error (no answer, 5xx, 429) in a row, and the epoch ms
  // before which none is sent again: callers meanwhile get `lastNetworkError` (see freshness.ts).
  let failures = 0;
  let retryAt = 0;
  let lastNetworkError: AuthError | undefined;
  // Refresh before handing out `u`'s token? The one staleness formula (freshness.ts), now.
  const stale = (u: StoredUser, force?: GetAccessTokenOptions['forceRefresh']) =>
    mustRefresh(
      u.access_token,
      u.expires_at,
      settings.refreshBeforeExpirySeconds,
      Date.now(),
      force,
    );

  /** What Sesame stores from a token response: tokens plus expiry, skew and session end in local time. */
  const fromResponse = (response: SigninResponse, previous?: StoredUser): StoredUser => {
    const stored = toStored(response, previous, settings.sessionMaxAgeSeconds);
    if (stored.skew !== previous?.skew) {
      log(DEV ? 'clock skew estimated' : 14, { seconds: stored.skew });
    }
    return stored;
  };

  /**
   * Stores and publishes a user (or nobody, with `error` as the reason), then reschedules renewal.
   * `adopted`: another tab already stored it; do not write it back or tell the tabs again.
   * (Positional, not an options object: its property names would ship.)
   */
  function setUser(next: StoredUser | null, error?: AuthError | null, adopted?: boolean) {
    const previous = user;
    // Any new token response (another API's token included) is news for subscribers.
    const tokenChanged = next !== user;
    user = next;
    if (tokenChanged) failures = retryAt = 0; // new tokens (or none): no back-off to keep
    // The session ended: its DPoP key goes with it (the next sign-in makes a new one).
    if (previous && !next) dpop?.forget().catch(() => log(DEV ? 'DPoP key not deleted' : 27));
    if (!adopted) users.set(next);
    store.set(store.stateFor(next, error), tokenChanged);
    scheduleRenewal();
    life.userSet(
      previous,
      next,
      !adopted,
      error?.code === 'idle_timeout' ? 'idle_timeout' : 'sign_out',
    );
  }

  /** Takes the user another tab stored (shared storage only). */
  function adoptStored() {
    const stored = users.get();
    // By generation: another API's token, or a rotated refresh token, is news too.
    if (stored?.gen !== user?.gen) {
      if (stored) log(DEV ? 'session taken from another tab' : 20);
      else log(DEV ? 'signed out in another tab' : 21);
      // The reauth flag is written before an idle sign-out clears the user, so its reason arrives first.
      setUser(stored, stored ? null : endedError(life.reauth.required()), true);
    }
  }

  // The hooks in createLifecycle's order: current, adoptStored, signedOutElsewhere, idleExpired,
  // renew, visible.
  const life = createLifecycle(
    settings,
    () => user,
    adoptStored,
    (reason) => {
      log(DEV ? 'signed out in another tab' : 21, { reason });
      const error = endedError(reason === 'idle_timeout');
      if (life.shared) {
        setUser(null, error, true); // the other tab revoked the tokens we shared
      } else {
        // Our own tokens are revoked too; the other tab did the IdP logout.
        dropSession(error, true);
        revokeInBackground();
      }
    },
    () => {
      log(DEV ? 'signed out for inactivity' : 22);
      life.reauth.set(true); // before the user is cleared: tabs adopting the empty storage read it
      dropSession(endedError(true));
      revokeInBackground();
    },
    // Back online: worth one token request now, back-off or not.
    () => {
      retryAt = 0;
      renewIfStale();
    },
    () => renewal.visible(),
  );

  /**
   * One refresh at a time in this tab, and under the cross-tab lock. With shared storage, another tab
   * may have refreshed while we waited for the lock: its result is used instead of refreshing again
   * (the old refresh token is spent; using it would be a reuse, and the IdP would end the session).
   */
  function refresh(): Promise<string> {
    const seen = user;
    return (refreshing ??= life.lock
      .run(() => refreshLocked(seen))
      .finally(() => {
        refreshing = undefined;
      }));
  }

  async function refreshLocked(seen: StoredUser | null): Promise<string> {
    if (life.shared) {
      await life.lock.catchUp(users.get);
      adoptStored();
      if (user && user.access_token !== seen?.access_token && !stale(user)) {
        log(DEV ? 'refreshed by another tab' : 11);
        return user.access_token;
      }
    }
    const current = user;
    try {
      if (!current?.refresh_token) {
        throw new AuthError('login_required', DEV && 'The session has ended; sign in again.', {
          step: 'refresh',
        });
      }
      log(DEV ? 'refreshing' : 8);
      const doc = await metadata('refresh');
      const response = await oidc.useRefreshToken({
        // Read as a RefreshState: refresh_token, scope, session_state, id_token and profile.
        state: current as RefreshState,
        timeoutInSeconds: settings.fetchTimeoutMs / 1000,
        ...(resource && { resource }),
      });
      await checkTokenResponse(response, doc, settings, oidc.metadataService, 'refresh', current);
      if (user !== current) {
        // Signed out (idle, another tab) while the request ran: the new tokens belong to no session.
        if (response.refresh_token) unrevoked.push([response.refresh_token, 'refresh_token']);
        log(DEV ? 'refresh result dropped: the session changed meanwhile' : 12);
        if (!user) throw new AuthError('login_required', DEV && 'Signed out.', { step: 'refresh' });
        return user.access_token;
      }
      setUser(fromResponse(response, current));
      await life.lock.announce(user!.gen!); // before the lock is released
      log(DEV ? 'refreshed' : 9, { expiresAt: user!.expires_at });
      emit(refreshedListeners, store.get().user!);
      return user!.access_token;
    } catch (caught) {
      let error = toAuthError(
        caught,
        'refresh',
        'refresh_failed',
        DEV && 'The token refresh failed.',
      );
      log(DEV ? 'refresh failed' : 10, { code: error.code, oauthError: error.oauthError });
      if (error.code === 'network_error') {
        // The IdP is unreachable: back off, and retry from the renewal timer.
        retryAt = Date.now() + nextRetryDelay(++failures, Math.random());
        lastNetworkError = error;
        scheduleRenewal();
      } else if (error.code !== 'refresh_failed') {
        // A rejected grant, or a token response we cannot trust or use: every retry would fail the
        // same way, so the session ends. Ended as the IdP came back from an outage, it is
        // session_lost, which no guard answers with an automatic redirect: the user was away.
        if (failures) {
          error = new AuthError(
            'session_lost',
            DEV && 'The session ended while the sign-in service was unreachable; sign in again.',
            { step: 'refresh', cause: error },
          );
        }
        setUser(null, error);
      }
      throw error;
    }
  }

  async function getAccessToken({ forceRefresh: force }: GetAccessTokenOptions = {}) {
    await initialize();
    if (!refreshing) {
      if (life.shared) adoptStored(); // another tab may have signed in, refreshed or signed out
      if (!user) {
        throw new AuthError('login_required', DEV && 'Nobody is signed in.', { step: 'refresh' });
      }
      if (!stale(user, force)) {
        log(DEV ? 'token fresh' : 7);
        return user.access_token;
      }
      // Backing off: the last network error at once, not another request to a down IdP. A caller
      // that asks for a refresh outright (`forceRefresh: true`) still gets one.
      if (Date.now() < retryAt && force !== true) throw lastNetworkError!;
    }
    return refresh();
  }

  function renewIfStale() {
    if (started && user && stale(user)) {
      getAccessToken().catch((error: AuthError) => {
        log(DEV ? 'background renewal failed' : 13, { code: error.code });
        scheduleRenewal(); // a timer that fired a moment before the back-off ended tries again
      });
    }
  }
  const renewal = createRenewal(renewIfStale, settings.autoRenew);
  // When the token turns stale (plus up to 5 s, so tabs sharing tokens do not stampede), or when
  // the back-off after a network failure ends.
  const scheduleRenewal = () =>
    renewal.schedule(
      Math.max(
        staleAt(user?.expires_at, settings.refreshBeforeExpirySeconds) + Math.random() * 5000,
        retryAt,
      ),
    );

  async function initialize() {
    requireBrowser('initialize');
    if (!started) {
      started = true;
      life.start();
      scheduleRenewal();
    }
    return (loading ??= (async () => {
      await null; // let a handleCallback() called right after us register first
      backFromLogout(webStorage('session'), logoutKey, log);
      const stored = users.get();
      if (stored) {
        gate.signedIn(stored.signed_in_at);
        setUser(stored, null, true); // already stored: no write back, no news for the other tabs
        // An access token that expired while the page was closed is refreshed, not a reason to sign out.
        // (Unless loading it ended it: an idle limit that passed while the page was closed.)
        if (user && stale(user)) await refresh().catch(noop);
      } else if (!callbacksRunning) {
        setUser(null);
      }
      log(DEV ? 'session loaded' : 1, { status: store.get().status });
    })());
  }

  async function processCallback(url: string): Promise<{ returnTo: string }> {
    requireBrowser('callback');
    if (usedCallbacks.has(url)) {
      throw new AuthError('callback_invalid', DEV && 'This sign-in response was already used.', {
        step: 'callback',
      });
    }
    callbacksRunning++;
    gate.callbackArrived();
    let stateId: string | null = null;
    let data: SignInData | undefined;
    try {
      const params = new URL(url).searchParams;
      stateId = params.get('state');
      await initialize();
      await refreshing?.catch(noop);
      checkResponseShape(url);
      try {
        data = (await oidc.readSigninResponseState(url)).state.data as SignInData;
      } catch {
        throw new AuthError(
          'callback_state_mismatch',
          DEV && 'The sign-in response does not match a sign-in started in this tab.',
          { step: 'callback' },
        );
      }
      const doc = await metadata('callback');
      // RFC 9207 mix-up defence, before the code is sent anywhere.
      const iss = params.get('iss');
      if (iss === null ? doc.authorization_response_iss_parameter_supported : iss !== doc.issuer) {
        throw new AuthError(
          'callback_invalid',
          DEV && 'The sign-in response names the wrong issuer (iss).',
          {
            step: 'callback',
          },
        );
      }
      const response = await oidc.processSigninResponse(url);
      await checkTokenResponse(response, doc, settings, oidc.metadataService, 'callback');
      await addUserInfo(response, doc.userinfo_endpoint, settings, log, dpop?.fetch());
      const signedInAt = Date.now();
      setUser({ ...fromResponse(response), signed_in_at: signedInAt });
      gate.signedIn(signedInAt);
      await life.lock.announce(user!.gen!);
      life.reauth.set(false);
      log(DEV ? 'signed in' : 4);
      return { returnTo: isSafeReturnTo(data.returnTo) ? data.returnTo : '/' };
    } catch (caught) {
      const error = toAuthError(
        caught,
        'callback',
        'callback_invalid',
        DEV && 'The sign-in response was rejected.',
      );
      if (stateId) await oidc.settings.stateStore.remove(stateId).catch(noop);
      log(DEV ? 'sign-in failed' : 5, { code: error.code, oauthError: error.oauthError });
      // A failed attempt never ends a good session (a forged callback must not sign anyone out).
      if (!user) {
        const noSession = data?.prompt === 'none' && NO_SESSION.includes(error.oauthError!);
        store.set(noSession ? store.stateFor(null, error) : { status: 'error', user: null, error });
      }
      throw error;
    } finally {
      callbacksRunning--;
      if (browser && url === location.href) {
        history.replaceState(history.state, '', withoutCallbackParams(url));
      }
    }
  }

  // One run per callback URL: concurrent calls share it, and a URL already used is refused.
  function handleCallback(url = browser ? location.href : ''): Promise<{ returnTo: string }> {
    let pending = callbacks.get(url);
    if (!pending) {
      pending = processCallback(url).finally(() => {
        callbacks.delete(url);
        usedCallbacks.add(url);
      });
      callbacks.set(url, pending);
    }
    return pending;
  }

  /** Everything a sign-in does before leaving the page; resolves the authorization URL, or null to stay. */
  async function prepareSignIn(options: SignInOptions): Promise<string | null> {
    requireBrowser('sign_in');
    await revoking;
    const returnTo = checkReturnTo(
      options.returnTo ?? location.pathname + location.search + location.hash,
    );
    await metadata('sign_in');
    const { loginHint } = options;
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
    const request = await oidc
      .createSigninRequest({
        state: { returnTo, prompt } satisfies SignInData,
        // oidc-client-ts checks the nonce only when one is sent: always send one.
        nonce: crypto.randomUUID(),
        request_type: 'si:r',
        ...(prompt && { prompt }),
        ...(loginHint && { login_hint: loginHint }),
        ...(dpop && { dpopJkt: await dpop.jkt() }),
      })
      .catch((cause: unknown) => {
        // DPoP's key store says dpop_unavailable itself.
        throw cause instanceof AuthError
          ? cause
          : new AuthError(
              'browser_required',
              DEV && 'Web Crypto is missing (https or localhost needed).',
              { step: 'sign_in', cause },
            );
      });
    log(DEV ? 'redirecting to sign in' : 2, { prompt, auto: options.auto === true });
    return request.url;
  }

  // An automatic sign-in asks the policy (sign-in-policy.ts) through the gate, which keeps its memory.
  const signIn = (options: SignInOptions = {}): Promise<void> =>
    gate.run(options.auto === true, () => prepareSignIn(options), navigate);

  /**
   * Ends the session here at once (no await, so nothing renders as signed in meanwhile) and queues
   * its tokens for revocation. `reason` becomes the state's error; `adopted`: another tab announced
   * it already.
   */
  function dropSession(reason: AuthError | null, adopted?: boolean): StoredUser | null {
    const signedOut = user;
    if (signedOut) {
      // Refresh token first: it is the long-lived one.
      if (signedOut.refresh_token) unrevoked.push([signedOut.refresh_token, 'refresh_token']);
      unrevoked.push([signedOut.access_token, 'access_token']);
      setUser(null, reason, adopted);
      if (adopted) users.set(null); // our own storage (not shared) still holds them
      log(DEV ? 'signed out locally' : 23);
    }
    return signedOut;
  }

  // The IdP may revoke the whole grant with a refresh token, and reuse that grant for the next
  // authorization of the same browser session: a sign-in must wait for this revocation, or the new
  // code dies with it (invalid_grant on the exchange).
  let revoking: Promise<void> | undefined;
  const revokeInBackground = () => {
    const settled: Promise<void> = endSession({ redirect: false }, null)
      .then(noop, () => log(DEV ? 'token revocation failed' : 25))
      .finally(() => {
        if (revoking === settled) revoking = undefined;
      });
    revoking = settled;
  };

  /** Resolves true when it left the page for the IdP's logout. */
  async function endSession(options: SignOutOptions, reason: AuthError | null): Promise<boolean> {
    requireBrowser('sign_out');
    await initialize();
    await refreshing?.catch(noop); // revoke the newest tokens, not ones a refresh is replacing
    const signedOut = dropSession(reason);
    const redirect = options.redirect !== false;
    if (!unrevoked[0] && !redirect) return false;
    const doc = await metadata('sign_out').catch((cause: unknown) => {
      throw new AuthError(
        'sign_out_failed',
        DEV &&
          'Signed out here, but the IdP is unreachable; call signOut() again to end its session.',
        { step: 'sign_out', retryable: true, cause },
      );
    });
    // Taken once: a revocation the IdP refused is not asked again, and never stops the logout.
    const tokens = unrevoked;
    unrevoked = [];
    await revokeBestEffort(oidc, doc, tokens, log);
    if (redirect && doc.end_session_endpoint) {
      const url = new URL(
        (
          await oidc.createSignoutRequest(
            signedOut?.id_token ? { id_token_hint: signedOut.id_token } : {},
          )
        ).url,
      );
      if (settings.post_logout_redirect_uri) {
        url.searchParams.set('state', leaveForLogout(webStorage('session'), logoutKey));
      }
      // A POST keeps the ID token (id_token_hint) out of URLs: history, Referer, the IdP's logs.
      if (settings.endSessionMethod === 'get') navigate(url.href);
      else navigate(doc.end_session_endpoint, url.searchParams);
      return true;
    }
    return false;
  }

  const fetchDeps: AuthFetchDeps = {
    apiOrigins: settings.apiOrigins,
    getAccessToken,
    currentSub: () => user?.profile.sub ?? null,
    log,
    dpop: dpop?.fetch,
    // The API refused a token we just refreshed: the session is over here and in the other tabs, and
    // its refresh token is revoked rather than left alive at the IdP.
    endSession(error, rejectedToken) {
      if (user?.access_token !== rejectedToken) return;
      dropSession(error);
      revokeInBackground();
    },
  };

  // @sesame/devtools' buttons (inspect-actions.ts), in development builds only: production builds
  // fold this statement away.
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions -- `DEV && …` is dropped whole
  DEV &&
    Object.assign(inspect, {
      actions: {
        forceRefresh: () => getAccessToken({ forceRefresh: true }).then(noop),
        // In this tab only (not stored, not announced): renewal then refreshes it as it would a stale one.
        expireAccessToken() {
          if (user) {
            setUser({ ...user, expires_at: Math.floor(Date.now() / 1000) }, null, true);
          }
        },
        // Nothing revoked, stored, deleted or announced: the other tabs and the IdP keep the session.
        signOutThisTab() {
          const previous = user;
          user = null;
          store.set(store.stateFor(null, null));
          life.userSet(previous, null, false, 'sign_out');
        },
      } satisfies InspectActions,
    });

  const client: BrowserAuthClient<C> = {
    settings,
    getSnapshot: store.get,
    subscribe: store.subscribe,
    initialize,
    signIn,
    signInDecision: gate.decide,
    isCallbackUrl: (url = browser ? location.href : '') =>
      isAuthorizationResponse(url, settings.redirect_uri),
    handleCallback,
    signOut: (options: SignOutOptions = {}) => gate.signOut(() => endSession(options, null)),
    // Without the `apis` setting there is one token, and no API name is known: asking for one by
    // name is refused in every build, never answered with the only token.
    getAccessToken: (options?: GetAccessTokenOptions) =>
      options?.api === undefined
        ? getAccessToken(options)
        : Promise.reject(
            new AuthError('api_unknown', DEV && 'No apis setting names this API.', {
              step: 'refresh',
            }),
          ),
    fetch: createAuthFetch(fetchDeps),
    peekAccessToken: () => user?.access_token ?? null,
    onUserChanged: store.onUserChanged,
    onTokenRefreshed: register(refreshedListeners),
    getTimeouts: life.timeouts.get,
    subscribeTimeouts: life.timeouts.subscribe,
    reportActivity: life.reportActivity,
    inspect,
    dispose() {
      started = false;
      renewal.dispose();
      life.stop();
    },
  };
  // Several APIs (apis.ts): the setting takes over getAccessToken, fetch and the sign-in request for
  // the APIs it names, with the engine's own parts. Apps without it ship none of it.
  (settings.apis as ApiBinder | undefined)?.(
    client as BrowserAuthClient,
    () => user,
    setUser,
    life,
    oidc,
    adoptStored,
    fetchDeps,
  );
  return client;
}
