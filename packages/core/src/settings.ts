import type { OidcClientSettings } from 'oidc-client-ts';
import { AuthError } from './errors';
import { DEV, type DevMessage } from './dev';
import type { IdleTimer } from './idle';
import type { CrossTabLock } from './refresh-lock';
import type { Dpop } from './dpop';

/** Receives Sesame's decisions (token fresh, refreshing, signing out because ...). Never sees a token. */
export interface AuthLogger {
  /** One decision (`token fresh`, `refreshing`...) with token-free details (codes, origins, times). */
  debug(message: string, data?: Record<string, unknown>): void;
}

/** Where the signed-in user and their tokens are kept. */
export type TokenStorage = 'session' | 'memory' | 'local';

/**
 * The `apis` setting, made by `apis()` (apis.ts). The engine hands it its parts once, when the client
 * is made; what it does with them is that module's business.
 */
export type Apis = (...engine: never[]) => void;

/**
 * Settings for {@link createAuthClient}. The OpenID Connect names are oidc-client-ts's; the rest are Sesame's.
 * Everything is checked up front: a mistake throws an `invalid_settings` AuthError that says what to fix.
 */
export interface AuthClientSettings {
  /** The issuer URL of the identity provider (https; http only for localhost / 127.0.0.1 / [::1]). */
  authority: string;
  /** The client's ID at the identity provider (a public client: no secret). */
  client_id: string;
  /** Absolute URL the identity provider sends the user back to; registered at the IdP. */
  redirect_uri: string;
  /** Where the IdP sends the user after RP-initiated logout; registered at the IdP. */
  post_logout_redirect_uri?: string;
  /** Space-separated scopes; must contain `openid`. Default `'openid profile email'`. */
  scope?: string;
  /** RFC 8707 resource indicator(s), sent on the authorization request and (a single one) on token requests. */
  resource?: string | string[];
  /** Extra authorization request parameters (for example Auth0's `audience`). Protocol parameters are refused. */
  extraQueryParams?: Record<string, string>;
  /** Origins (exact, like `https://api.bank.example`) that may receive the access token. Default none. */
  apiOrigins?: string[];
  /** An access token within this many seconds of its expiry counts as stale and is refreshed. Default 30. */
  refreshBeforeExpirySeconds?: number;
  /**
   * Where the user and tokens live: `session` (default), `memory` (lost on reload) or `local` (shared
   * by tabs). `local` needs {@link AuthClientSettings.crossTabLock}.
   */
  storage?: TokenStorage;
  /**
   * The cross-tab refresh lock: pass {@link crossTabLock} (`import { crossTabLock } from '@sesame/core'`).
   * Required with `storage: 'local'`, where tabs share one refresh token and two tabs refreshing it at
   * once would end the session; ignored otherwise. A setting rather than built in, so apps that keep
   * tokens per tab do not ship it.
   */
  crossTabLock?: CrossTabLock;
  /**
   * DPoP (RFC 9449): pass `dpop()` (`import { dpop } from '@sesame/core'`) to bind the tokens to a key
   * the page cannot export, so that a copied token is useless elsewhere. The IdP must issue DPoP-bound
   * tokens to this client. A setting rather than built in, so apps without it ship none of it.
   * `undefined` (what `dpop({ fallback: 'bearer' })` returns where a key cannot be kept): off.
   */
  dpop?: Dpop | undefined;
  /**
   * Several APIs, each with its own access token (RFC 8707): pass `apis({ name: { origin, resource,
   * scopes }, ... })` (`import { apis } from '@sesame/core'`). A setting rather than built in, so
   * apps with one API ship none of it.
   */
  apis?: Apis;
  /**
   * How to leave the page for the identity provider: a GET of `url`, or with `form` a POST of those
   * fields to `url` (see {@link AuthClientSettings.endSessionMethod}). Default: `location.assign(url)`,
   * or an HTML form submitted at once. Tests pass a spy.
   */
  navigate?: (url: string, form?: URLSearchParams) => void;
  /**
   * How RP-initiated logout reaches the IdP's end-session endpoint. `'post'` (default) submits a form,
   * so the ID token sent as `id_token_hint` stays out of the URL, the browser history and the IdP's
   * access logs. OpenID Providers must accept POST there (RP-Initiated Logout 1.0 §2), but it only ends
   * the IdP session if the IdP's session cookie reaches a cross-site POST (`SameSite=None`, as
   * oidc-provider requires for POST), or the app and the IdP are on the same site; and the app's CSP
   * `form-action` must allow the IdP's origin. `'get'` is the fallback: a redirect with the ID token
   * in the query string, for an IdP that refuses POST or keeps `SameSite=Lax` session cookies.
   */
  endSessionMethod?: 'post' | 'get';
  /** Timeout of discovery, token and revocation requests. Default 10000. */
  fetchTimeoutMs?: number;
  /** Refresh shortly before expiry while the tab is visible, and when it becomes visible again. Default true. */
  autoRenew?: boolean;
  /**
   * Sign out after this many seconds without activity (pointer, keys, the tab becoming visible,
   * `reportActivity()`) in any tab of the app. Off by default; a bank would use 600.
   * Needs {@link AuthClientSettings.idleTimer}.
   */
  idleTimeoutSeconds?: number;
  /**
   * The idle timer: pass {@link idleTimer} (`import { idleTimer } from '@sesame/core'`). Required with
   * `idleTimeoutSeconds`; ignored otherwise. A setting rather than built in, so apps without an idle
   * timeout do not ship it.
   */
  idleTimer?: IdleTimer;
  /** Warn this many seconds before the idle sign-out (`getTimeouts().idle.warning`). Default 60, at most half the timeout. */
  idleWarningSeconds?: number;
  /**
   * The refresh token's absolute lifetime at the IdP, when the IdP does not send `refresh_expires_in`:
   * the session ends this many seconds after sign-in. Powers `getTimeouts().sessionExpiresAt`.
   */
  sessionMaxAgeSeconds?: number;
  /** `getTimeouts().sessionEndsSoon` turns true this many seconds before the session ends. Default 300. */
  sessionEndWarningSeconds?: number;
  /**
   * Verify each new ID token's signature against the provider's published keys (discovery's
   * `jwks_uri`) with an asymmetric algorithm the provider lists in
   * `id_token_signing_alg_values_supported` (RS256 when it lists none): RS, PS, ES 256/384/512 or
   * EdDSA (Ed25519). Default true.
   *
   * `false` trusts the token endpoint's TLS connection instead (OpenID Connect Core §3.1.3.7 allows
   * it): an ID token is then accepted with any signature, so whoever can answer in the provider's
   * name (a TLS-terminating proxy, a compromised CDN or an IdP misconfiguration) can sign users in
   * as anyone. Turn it off only for a provider whose `jwks_uri` a browser cannot read (no CORS) or
   * that signs with an algorithm the browser lacks, and say so in your threat model.
   */
  verifyIdTokenSignature?: boolean;
  /**
   * Read the userinfo endpoint after sign-in and add its claims to `user.profile`. OpenID Connect
   * Core keeps `profile` and `email` claims out of the ID token unless asked, and several providers
   * serve them from userinfo only, so `user.profile.name` would be empty.
   *
   * `'auto'` (default): when a granted scope's claim is missing from the ID token (`profile` granted
   * and no `name`, or `email` granted and no `email`). `true`: after every sign-in. `false`: never.
   * Only when discovery lists a `userinfo_endpoint`, only with a `Bearer` token. One request per
   * sign-in (the code exchange), never on refresh: the claims stay as of sign-in, and a refresh's new
   * ID token updates only the claims it carries. Userinfo's `sub` must equal the ID token's (else the
   * sign-in fails with `userinfo_invalid`); on a conflict the ID token's claims win (they are signed).
   * A failed request (network, error status, a signed JWT response Sesame cannot verify, an access
   * token for an API that the provider refuses there) is logged, and the user is signed in without
   * those claims. The `userinfo_endpoint` must allow CORS.
   */
  loadUserInfo?: 'auto' | boolean;
  /** Debug logging hook; see {@link AuthLogger}. */
  logger?: AuthLogger;
  /**
   * `true`: log Sesame's decisions to the browser console (`console.debug`, prefixed `[sesame]`), without
   * tokens. A shortcut for a `logger`; an explicit `logger` wins. Default false.
   */
  debug?: boolean;
  /** Escape hatch for a rare oidc-client-ts option (for example `metadataSeed`, `extraTokenParams`). Checked too. */
  oidcClientSettings?: Partial<OidcClientSettings>;
}

/** Settings after defaults are applied. */
export type ResolvedSettings = AuthClientSettings &
  Required<
    Pick<
      AuthClientSettings,
      | 'scope'
      | 'apiOrigins'
      | 'refreshBeforeExpirySeconds'
      | 'storage'
      | 'fetchTimeoutMs'
      | 'autoRenew'
      | 'sessionEndWarningSeconds'
    >
  >;

/** What `debug: true` logs with. The messages and data never hold a token (see logging.test.ts). */
export const consoleLogger: AuthLogger = {
  // eslint-disable-next-line no-console -- the user turned debug logging on
  debug: (message, data) => console.debug(`[sesame] ${message}`, ...(data ? [data] : [])),
};

// Keys of oidcClientSettings that Sesame sets itself, or that have no place in a public browser client.
// (Keys Sesame sets itself, like authority, are simply overridden.) loadUserInfo: Sesame's own setting
// replaces it (oidc-client-ts's would call userinfo on every refresh and let it override the ID token).
const OWNED = 'stateStore client_secret client_authentication dpop loadUserInfo';
const PROTOCOL_PARAMS =
  'response_type response_mode code_challenge code_challenge_method state nonce redirect_uri client_id';

// The setting names passed to the helpers below only feed developer messages: callers write them
// `DEV && '…'` too, so production builds drop them with the messages.
export const fail = (message: DevMessage): never => {
  throw new AuthError('invalid_settings', message, { step: 'settings' });
};

const isLoopback = (host: string) =>
  host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/** Parses an absolute http(s) URL and insists on https except for loopback hosts. */
function webUrl(name: DevMessage, value: unknown): URL {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol))
    fail(DEV && `${name} must be an absolute http(s) URL.`);
  if (url!.protocol === 'http:' && !isLoopback(url!.hostname)) {
    fail(DEV && `${name} must use https (http only for localhost, 127.0.0.1, [::1]).`);
  }
  return url!;
}

function checkFlow(options: Record<string, unknown>, where: DevMessage) {
  const { response_type, response_mode, disablePKCE } = options;
  if (
    (response_type !== undefined && response_type !== 'code') ||
    (response_mode !== undefined && response_mode !== 'query') ||
    disablePKCE
  ) {
    fail(
      DEV &&
        `${where}: Sesame supports only the code flow with PKCE; remove response_type, response_mode and disablePKCE.`,
    );
  }
}

export function range(
  name: DevMessage,
  value: number | undefined,
  min: number,
  max: number,
  fallback: number,
) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    fail(DEV && `${name} must be a number from ${min} to ${max}.`);
  }
  return value;
}

/** Checks settings and applies defaults. Throws `invalid_settings` with a message that says what to fix. */
export function resolveSettings(settings: AuthClientSettings): ResolvedSettings {
  if (!settings || typeof settings !== 'object') fail(DEV && 'Settings must be an object.');
  checkFlow(settings as unknown as Record<string, unknown>, DEV && 'settings');
  // Every known setting by name: what is left over is unknown. (Local names also minify, where
  // `settings.x` would not.)
  const {
    authority,
    client_id,
    redirect_uri,
    post_logout_redirect_uri,
    scope: givenScope,
    resource,
    extraQueryParams,
    apiOrigins: givenOrigins,
    refreshBeforeExpirySeconds,
    storage: givenStorage,
    crossTabLock,
    dpop,
    apis,
    navigate,
    endSessionMethod,
    fetchTimeoutMs,
    autoRenew,
    idleTimeoutSeconds,
    idleTimer,
    idleWarningSeconds,
    sessionMaxAgeSeconds,
    sessionEndWarningSeconds,
    verifyIdTokenSignature,
    loadUserInfo,
    logger,
    debug,
    oidcClientSettings,
    ...unknown
  } = settings;
  const [unknownKey] = Object.keys(unknown);
  if (unknownKey !== undefined) fail(DEV && `Unknown setting "${unknownKey}".`);
  const url = webUrl(DEV && 'authority', authority);
  if (url.search || url.hash) fail(DEV && 'authority must not have a query or fragment.');
  if (typeof client_id !== 'string' || !client_id) {
    fail(DEV && 'client_id must be a non-empty string.');
  }
  webUrl(DEV && 'redirect_uri', redirect_uri);
  if (post_logout_redirect_uri !== undefined) {
    webUrl(DEV && 'post_logout_redirect_uri', post_logout_redirect_uri);
  }
  const scope = givenScope ?? 'openid profile email';
  if (typeof scope !== 'string' || !scope.split(/\s+/).includes('openid')) {
    fail(DEV && 'scope must contain "openid".');
  }
  for (const each of ([] as unknown[]).concat(resource ?? [])) {
    let ok = false;
    try {
      ok = !new URL(each as string).hash;
    } catch {
      // not absolute
    }
    if (!ok) fail(DEV && 'resource must be absolute URIs without fragment.');
  }
  for (const [key, value] of Object.entries(extraQueryParams ?? {})) {
    if (PROTOCOL_PARAMS.split(' ').includes(key)) {
      fail(DEV && `extraQueryParams must not set "${key}".`);
    }
    if (typeof value !== 'string') fail(DEV && `extraQueryParams.${key} must be a string.`);
  }
  const apiOrigins = givenOrigins ?? [];
  if (!Array.isArray(apiOrigins)) fail(DEV && 'apiOrigins must be an array of origins.');
  for (const origin of apiOrigins) {
    if (webUrl(DEV && 'apiOrigins entry', origin).origin !== origin) {
      fail(
        DEV &&
          `apiOrigins entries must be exact origins like "https://api.example.com"; got "${origin}".`,
      );
    }
  }
  const storage = givenStorage ?? 'session';
  if (!['session', 'memory', 'local'].includes(storage)) {
    fail(DEV && 'storage must be "session", "memory" or "local".');
  }
  if (storage === 'local' && typeof crossTabLock !== 'function') {
    fail(
      DEV &&
        'storage "local" shares one refresh token between tabs and needs the cross-tab refresh lock: `import { crossTabLock } from \'@sesame/core\'` and add `crossTabLock` to the settings.',
    );
  }
  // The settings that hold a function: dpop() and apis()'s results, and navigate.
  for (const [key, value] of Object.entries({ dpop, apis, navigate })) {
    if (value !== undefined && typeof value !== 'function') {
      fail(
        DEV &&
          (key === 'navigate'
            ? 'navigate must be a function.'
            : `${key} must be ${key}()'s result: \`import { ${key} } from '@sesame/core'\`, then \`${key}: ${key}(...)\`.`),
      );
    }
  }
  if (![undefined, 'post', 'get'].includes(endSessionMethod)) {
    fail(DEV && 'endSessionMethod must be "post" or "get".');
  }
  if (![undefined, 'auto', true, false].includes(loadUserInfo)) {
    fail(DEV && 'loadUserInfo must be "auto", true or false.');
  }
  if (logger !== undefined && typeof logger?.debug !== 'function') {
    fail(DEV && 'logger must have a debug method.');
  }
  for (const [key, value] of Object.entries({ debug, autoRenew, verifyIdTokenSignature })) {
    if (value !== undefined && typeof value !== 'boolean') {
      fail(DEV && `${key} must be a boolean.`);
    }
  }
  let idle: { idleTimeoutSeconds: number; idleWarningSeconds: number } | undefined;
  if (idleTimeoutSeconds !== undefined) {
    if (typeof idleTimer !== 'function') {
      fail(
        DEV &&
          "idleTimeoutSeconds needs the idle timer: `import { idleTimer } from '@sesame/core'` and add `idleTimer` to the settings.",
      );
    }
    const timeout = range(DEV && 'idleTimeoutSeconds', idleTimeoutSeconds, 1, 86_400, 0);
    idle = {
      idleTimeoutSeconds: timeout,
      idleWarningSeconds: range(
        DEV && 'idleWarningSeconds (at most half of idleTimeoutSeconds)',
        idleWarningSeconds,
        0,
        timeout / 2,
        Math.min(60, timeout / 2),
      ),
    };
  } else if (idleWarningSeconds !== undefined) {
    fail(DEV && 'idleWarningSeconds needs idleTimeoutSeconds.');
  }
  if (sessionMaxAgeSeconds !== undefined) {
    range(DEV && 'sessionMaxAgeSeconds', sessionMaxAgeSeconds, 1, 31_536_000, 0);
  }
  const extra = (oidcClientSettings ?? {}) as Record<string, unknown>;
  checkFlow(extra, DEV && 'oidcClientSettings');
  for (const key of Object.keys(extra)) {
    if (OWNED.split(' ').includes(key)) {
      fail(DEV && `oidcClientSettings.${key} is not allowed.`);
    }
  }
  return {
    ...settings,
    ...(debug && !logger && { logger: consoleLogger }),
    scope,
    apiOrigins,
    storage,
    refreshBeforeExpirySeconds: range(
      DEV && 'refreshBeforeExpirySeconds',
      refreshBeforeExpirySeconds,
      0,
      3600,
      30,
    ),
    fetchTimeoutMs: range(DEV && 'fetchTimeoutMs', fetchTimeoutMs, 100, 120_000, 10_000),
    autoRenew: autoRenew ?? true,
    ...idle,
    sessionEndWarningSeconds: range(
      DEV && 'sessionEndWarningSeconds',
      sessionEndWarningSeconds,
      0,
      86_400,
      300,
    ),
  };
}
