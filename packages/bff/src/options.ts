// The BFF's settings: one interface, one place that applies the defaults and checks every value, so
// that a mistake fails at `createBff` with a message that says what to change.
import { BffError } from './errors';
import { MemorySessionStore, type SessionStore } from './session-store';

/** An upstream API the proxy may reach, by name: `{prefix}/api/<name>/<path>`. */
export interface BffApi {
  /**
   * The API's base URL, for example `https://api.bank.example` or `https://api.bank.example/v2`.
   * `{prefix}/api/<name>/accounts` goes to `<url>/accounts`. Must be https unless
   * `allowInsecureRequests` is set.
   */
  url: string;
  /**
   * Only upstream paths under this prefix are forwarded (whole segments: `/accounts` allows
   * `/accounts` and `/accounts/1`, not `/accountsx`); any other path answers 404 `api_not_allowed`.
   * Default: the path of `url` (everything under it).
   */
  pathPrefix?: string;
  /**
   * Pass this API's redirects (a 3xx with a `Location`) back to the browser when they point to
   * another origin (http or https). Default `false`: every redirect answers 502
   * `upstream_redirect_refused`. A redirect into the app's own origin is refused either way: the
   * browser would follow it back into the BFF with the session cookie and the CSRF header.
   */
  allowRedirects?: boolean;
  /**
   * The API's resource indicator (RFC 8707), its audience: requests to this API carry a token
   * issued for this resource only, never another API's. The sign-in names every API's resource;
   * the first token comes from the code exchange, the others from the refresh grant with
   * `resource`, on the first request to their API. Default: the sign-in's token (the one of the
   * top-level `resource`, or of the first API that has one).
   */
  resource?: string;
  /** Scopes this API needs (`'portfolio:read'` or a list); the sign-in asks for them too. */
  scopes?: string | readonly string[];
}

/** A private key in JWK form (with `d`), for `private_key_jwt`. */
export interface PrivateJwk extends JsonWebKey {
  /** The key id the IdP knows the public key by; sent as the assertion's `kid`. */
  kid?: string;
}

/** Settings of {@link createBff}. */
export interface BffOptions {
  /** The IdP's issuer identifier; its discovery document must name exactly this issuer. */
  issuer: string;
  /** The BFF's client id at the IdP (a confidential client). */
  clientId: string;
  /**
   * The private key the BFF authenticates to the IdP with (`private_key_jwt`, RFC 7523): a JWK with
   * its private part. EC P-256 signs ES256, Ed25519 EdDSA, RSA PS256 (or `alg` when the JWK names
   * one). The IdP holds the public half. Keep it out of source control.
   */
  clientPrivateKey: PrivateJwk;
  /**
   * The callback URL registered at the IdP: this BFF's origin plus `{prefix}/callback`, for example
   * `https://bank.example/bff/callback`.
   */
  redirectUri: string;
  /** Where the IdP sends the browser after sign-out (registered at the IdP). Default: the app's root, `<origin of redirectUri>/`. */
  postLogoutRedirectUri?: string;
  /** Scopes asked for at sign-in. Default `'openid'`. */
  scope?: string;
  /**
   * Resource indicator(s) (RFC 8707) the sign-in's access token is for, e.g. the bank API's
   * audience. With several APIs, give each its own `apis.<name>.resource` instead.
   */
  resource?: string | readonly string[];
  /**
   * The browser origins the app runs on, compared exactly with each request's `Origin` header
   * (`https://bank.example`, no path, no trailing slash). At least one.
   */
  allowedOrigins: readonly string[];
  /** Upstream APIs by name, reached through `{prefix}/api/<name>/…`. Default: none. */
  apis?: Readonly<Record<string, BffApi>>;
  /** Path the BFF's endpoints live under. Default `'/bff'`. */
  prefix?: string;
  /**
   * Name of the session cookie. Default `'__Host-sesame'` (`'sesame'` with `insecureDevCookies`).
   * Must start with `__Host-` unless `insecureDevCookies` is set. The sign-in cookie is named
   * after it, with `-login` appended.
   */
  cookieName?: string;
  /**
   * **Local development over plain http only.** Cookies lose the `Secure` attribute and the
   * `__Host-` prefix (which requires `Secure`), so a browser keeps them on `http://localhost` or
   * `http://127.0.0.1`. Refused unless `redirectUri` is on a loopback host. Never set it in
   * production: without `Secure`, the session cookie would be sent over unencrypted connections.
   */
  insecureDevCookies?: boolean;
  /**
   * **Local development and tests only.** Lets the BFF talk to an IdP and APIs over plain http
   * (openid-client refuses otherwise).
   */
  allowInsecureRequests?: boolean;
  /** A session ends after this many seconds without a request through the BFF. Default 1800 (30 min). */
  idleTimeoutSeconds?: number;
  /** A session ends this many seconds after sign-in, however active. Default 28,800 (8 h). */
  absoluteTimeoutSeconds?: number;
  /** Where sessions live. Default: a new {@link MemorySessionStore} (one process). */
  sessionStore?: SessionStore;
  /**
   * The ID-token claims `{prefix}/session` shows (when present). Default: `sub`, `name`,
   * `given_name`, `family_name`, `preferred_username`, `email`, `email_verified`, `acr`, `amr`,
   * `auth_time`, `sid`.
   */
  sessionClaims?: readonly string[];
  /** Largest request body the proxy forwards, in bytes; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Time limit for one upstream API request, answer included, in ms. Default 10,000. */
  upstreamTimeoutMs?: number;
  /** Time limit for one request to the IdP, in ms. Default 10,000. */
  idpTimeoutMs?: number;
  /**
   * An access token is refreshed this many seconds before it expires (at most a quarter of its
   * lifetime before, so short tokens are not refreshed on every request). Default 30.
   */
  refreshMarginSeconds?: number;
  /**
   * The algorithm the IdP signs ID tokens with. Default: any the IdP's discovery document lists.
   */
  idTokenSigningAlg?: string;
  /**
   * Receives one line per request (method, path without query, status, duration, error code) and
   * the BFF's own warnings. Never a token, cookie value or authorization code. Default: silent.
   */
  logger?: (line: string) => void;
}

/** The claims `{prefix}/session` shows by default. */
export const DEFAULT_SESSION_CLAIMS: readonly string[] = [
  'sub',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'email',
  'email_verified',
  'acr',
  'amr',
  'auth_time',
  'sid',
];

/** An upstream API after checks: its base and the prefix every forwarded path must be under. */
export interface ResolvedApi {
  name: string;
  base: URL;
  pathPrefix: string;
  allowRedirects: boolean;
  /** The resource its tokens are for (its own, else the sign-in's); `undefined`: no resource at all. */
  resource: string | undefined;
  /**
   * Scopes its token is asked for with: those of every API of its resource (empty: whatever the
   * IdP grants for the resource).
   */
  scopes: readonly string[];
}

/** {@link BffOptions} with every default applied and every value checked. */
export interface ResolvedOptions {
  issuer: URL;
  clientId: string;
  clientPrivateKey: PrivateJwk;
  redirectUri: URL;
  postLogoutRedirectUri: string;
  /** Every scope asked for at sign-in: `scope` and each API's `scopes`. */
  scope: string;
  /** Every resource named at sign-in: `resource` and each API's. */
  resource: readonly string[];
  /** The resource of the code exchange's token (the first of `resource`), if any. */
  signInResource: string | undefined;
  allowedOrigins: ReadonlySet<string>;
  apis: ReadonlyMap<string, ResolvedApi>;
  prefix: string;
  cookieName: string;
  loginCookieName: string;
  secureCookies: boolean;
  allowInsecureRequests: boolean;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  sessionStore: SessionStore;
  sessionClaims: readonly string[];
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  idpTimeoutMs: number;
  refreshMarginMs: number;
  idTokenSigningAlg: string | undefined;
  log: (line: string) => void;
}

function invalid(message: string): never {
  throw new BffError('invalid_options', message);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function absoluteUrl(name: string, value: unknown): URL {
  if (typeof value !== 'string') invalid(`${name} must be a URL string.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(`${name} must be an absolute URL, got "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    invalid(`${name} must use https (or http for local development), got "${value}".`);
  }
  if (url.hash !== '' || value.includes('#')) invalid(`${name} must not contain a fragment.`);
  if (url.username !== '' || url.password !== '') invalid(`${name} must not contain credentials.`);
  return url;
}

function requireHttps(name: string, url: URL, allowInsecure: boolean): void {
  if (url.protocol === 'http:' && !allowInsecure) {
    invalid(
      `${name} uses http; set allowInsecureRequests: true for local development, or use https.`,
    );
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    invalid(`${name} must be a positive whole number, got ${String(value)}.`);
  }
  return value;
}

function checkPrefix(value: string | undefined): string {
  const prefix = value ?? '/bff';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix) || prefix.split('/').some((s) => /^\.+$/.test(s))) {
    invalid(`prefix must be a path like "/bff" (no trailing slash), got "${prefix}".`);
  }
  return prefix;
}

function checkOrigins(values: readonly string[] | undefined): Set<string> {
  if (!Array.isArray(values) || values.length === 0) {
    invalid('allowedOrigins must list at least one origin, e.g. ["https://bank.example"].');
  }
  return new Set(
    values.map((value: unknown) => {
      const url = absoluteUrl('allowedOrigins', value);
      if (url.origin !== value) {
        invalid(
          `allowedOrigins entries must be bare origins (scheme, host, port; no path or trailing slash): "${String(value)}" should be "${url.origin}".`,
        );
      }
      return url.origin;
    }),
  );
}

function checkApis(
  apis: Readonly<Record<string, BffApi>> | undefined,
  allowInsecure: boolean,
): Map<string, ResolvedApi> {
  const resolved = new Map<string, ResolvedApi>();
  for (const [name, api] of Object.entries(apis ?? {})) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      invalid(`apis: the name "${name}" may only hold letters, digits, "-" and "_".`);
    }
    const base = absoluteUrl(`apis.${name}.url`, api?.url);
    requireHttps(`apis.${name}.url`, base, allowInsecure);
    if (base.search !== '') invalid(`apis.${name}.url must not contain a query.`);
    const pathPrefix = api.pathPrefix ?? base.pathname;
    if (
      !pathPrefix.startsWith('/') ||
      pathPrefix.includes('//') ||
      /(^|\/)\.\.?(\/|$)/.test(pathPrefix)
    ) {
      invalid(
        `apis.${name}.pathPrefix must be an absolute path like "/v1/accounts", got "${pathPrefix}".`,
      );
    }
    const allowRedirects = api.allowRedirects ?? false;
    if (typeof allowRedirects !== 'boolean') {
      invalid(`apis.${name}.allowRedirects must be true or false.`);
    }
    const resource = api.resource;
    // Resource indicators are absolute URIs without a fragment (RFC 8707 §2); sent as given.
    if (resource !== undefined) absoluteUrl(`apis.${name}.resource`, resource);
    const scopes = scopeList(`apis.${name}.scopes`, api.scopes);
    resolved.set(name, { name, base, pathPrefix, allowRedirects, resource, scopes });
  }
  return resolved;
}

function scopeList(name: string, value: string | readonly string[] | undefined): string[] {
  const list = typeof value === 'string' ? value.split(' ') : [...(value ?? [])];
  if (!list.every((scope: unknown) => typeof scope === 'string' && !/[\s"\\]/.test(scope))) {
    invalid(`${name} must be a scope string ("a b") or a list of scopes without spaces.`);
  }
  return list.filter(Boolean);
}

/** The list without repeats, in first-seen order. */
const unique = (values: Iterable<string>): string[] => [...new Set(values)];

/**
 * Each API with the resource whose token it gets (an API without one: the sign-in's) and the scopes
 * that token is asked for. APIs of one resource share its token (a session keeps one per resource),
 * so it is asked for with the scopes of them all, or with none (all the IdP grants for the
 * resource) when one of them names none: otherwise their refreshes would replace each other's token
 * with a narrower one.
 */
function withTokenTargets(
  apis: Map<string, ResolvedApi>,
  signInResource: string | undefined,
): Map<string, ResolvedApi> {
  const resourceOf = (api: ResolvedApi) => api.resource ?? signInResource;
  const scopesOf = new Map<string | undefined, string[]>();
  for (const api of apis.values()) {
    const resource = resourceOf(api);
    const known = scopesOf.get(resource);
    const open = (known !== undefined && known.length === 0) || api.scopes.length === 0;
    scopesOf.set(resource, open ? [] : unique([...(known ?? []), ...api.scopes]));
  }
  const resolved = new Map<string, ResolvedApi>();
  for (const [name, api] of apis) {
    const resource = resourceOf(api);
    resolved.set(name, { ...api, resource, scopes: scopesOf.get(resource) ?? [] });
  }
  return resolved;
}

function checkPrivateKey(key: PrivateJwk | undefined): PrivateJwk {
  if (typeof key !== 'object' || key === null || typeof key.kty !== 'string') {
    invalid(
      'clientPrivateKey must be a JWK object (kty, d, ...), the private key of private_key_jwt.',
    );
  }
  if (typeof key.d !== 'string') {
    invalid(
      'clientPrivateKey holds no private part ("d"): give the private JWK, not the public one.',
    );
  }
  return key;
}

/** Applies defaults and checks every option. Throws a {@link BffError} `invalid_options`. */
export function resolveOptions(options: BffOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    invalid('createBff needs an options object.');
  const allowInsecureRequests = options.allowInsecureRequests === true;
  const issuer = absoluteUrl('issuer', options.issuer);
  requireHttps('issuer', issuer, allowInsecureRequests);
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    invalid('clientId must be the BFF client id registered at the IdP.');
  }
  const prefix = checkPrefix(options.prefix);
  const redirectUri = absoluteUrl('redirectUri', options.redirectUri);
  if (redirectUri.pathname !== `${prefix}/callback` || redirectUri.search !== '') {
    invalid(
      `redirectUri must be this BFF's callback, "${redirectUri.origin}${prefix}/callback" (prefix "${prefix}"), got "${options.redirectUri}".`,
    );
  }
  const insecureDevCookies = options.insecureDevCookies === true;
  if (insecureDevCookies && !LOOPBACK.has(redirectUri.hostname)) {
    invalid(
      'insecureDevCookies is for plain-http development on localhost, 127.0.0.1 or [::1] only; redirectUri is on another host.',
    );
  }
  if (!insecureDevCookies && redirectUri.protocol !== 'https:') {
    invalid(
      'redirectUri uses http: the session cookie is Secure and would never come back. Use https, or set insecureDevCookies: true for local development.',
    );
  }
  const cookieName = options.cookieName ?? (insecureDevCookies ? 'sesame' : '__Host-sesame');
  if (!/^[A-Za-z0-9_-]+$/.test(cookieName)) {
    invalid(`cookieName may only hold letters, digits, "-" and "_", got "${cookieName}".`);
  }
  if (insecureDevCookies && /^__(Host|Secure)-/i.test(cookieName)) {
    invalid(`cookieName "${cookieName}" needs Secure cookies, which insecureDevCookies turns off.`);
  }
  if (!insecureDevCookies && !cookieName.startsWith('__Host-')) {
    invalid(
      `cookieName must start with "__Host-" (Secure, Path=/, no Domain: no other site or subdomain can set it), got "${cookieName}".`,
    );
  }
  const postLogoutRedirectUri =
    options.postLogoutRedirectUri === undefined
      ? `${redirectUri.origin}/`
      : absoluteUrl('postLogoutRedirectUri', options.postLogoutRedirectUri).href;
  const resources = options.resource ?? [];
  const ownResources = typeof resources === 'string' ? [resources] : [...resources];
  // Resource indicators are absolute URIs (RFC 8707 §2); sent as given.
  for (const value of ownResources) absoluteUrl('resource', value);
  const checkedApis = checkApis(options.apis, allowInsecureRequests);
  const apiList = [...checkedApis.values()];
  const resource = unique([
    ...ownResources,
    ...apiList.flatMap((api) => (api.resource === undefined ? [] : [api.resource])),
  ]);
  const scope = unique([
    ...scopeList('scope', options.scope ?? 'openid'),
    ...apiList.flatMap((api) => api.scopes),
  ]).join(' ');
  const signInResource = resource[0];
  const idleTimeoutSeconds = positiveInteger(
    'idleTimeoutSeconds',
    options.idleTimeoutSeconds,
    1800,
  );
  const absoluteTimeoutSeconds = positiveInteger(
    'absoluteTimeoutSeconds',
    options.absoluteTimeoutSeconds,
    8 * 3600,
  );
  const refreshMarginSeconds = options.refreshMarginSeconds ?? 30;
  if (!Number.isFinite(refreshMarginSeconds) || refreshMarginSeconds < 0) {
    invalid(`refreshMarginSeconds must be 0 or more, got ${String(refreshMarginSeconds)}.`);
  }
  const store = options.sessionStore ?? new MemorySessionStore();
  if (
    typeof store.get !== 'function' ||
    typeof store.set !== 'function' ||
    typeof store.delete !== 'function'
  ) {
    invalid('sessionStore must have get, set and delete methods (see SessionStore).');
  }
  const logger = options.logger;
  if (insecureDevCookies) {
    // Loud on purpose: this must never be on in production.
    logger?.(
      'WARNING @sesame/bff: insecureDevCookies is on: session cookies are not Secure. Local development only.',
    );
  }
  return {
    issuer,
    clientId: options.clientId,
    clientPrivateKey: checkPrivateKey(options.clientPrivateKey),
    redirectUri,
    postLogoutRedirectUri,
    scope,
    resource,
    signInResource,
    allowedOrigins: checkOrigins(options.allowedOrigins),
    apis: withTokenTargets(checkedApis, signInResource),
    prefix,
    cookieName,
    loginCookieName: `${cookieName}-login`,
    secureCookies: !insecureDevCookies,
    allowInsecureRequests,
    idleTimeoutMs: idleTimeoutSeconds * 1000,
    absoluteTimeoutMs: absoluteTimeoutSeconds * 1000,
    sessionStore: store,
    sessionClaims: options.sessionClaims ?? DEFAULT_SESSION_CLAIMS,
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, 1024 * 1024),
    upstreamTimeoutMs: positiveInteger('upstreamTimeoutMs', options.upstreamTimeoutMs, 10_000),
    idpTimeoutMs: positiveInteger('idpTimeoutMs', options.idpTimeoutMs, 10_000),
    refreshMarginMs: refreshMarginSeconds * 1000,
    idTokenSigningAlg: options.idTokenSigningAlg,
    log: logger ?? (() => {}),
  };
}
