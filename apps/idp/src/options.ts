import {
  checkPublicJwks,
  defaultBackchannelLogoutUri,
  readPublicJwks,
  type BffClientOptions,
  type ResolvedBffClient,
} from './bff-client';
import {
  BANK_API_AUDIENCE,
  INVEST_API_AUDIENCE,
  DEFAULT_BFF_POST_LOGOUT_REDIRECT_URIS,
  DEFAULT_BFF_REDIRECT_URIS,
  DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS,
  DEFAULT_DASHBOARD_REDIRECT_URIS,
  DEFAULT_PORT,
} from './constants';
import { IdpError } from './errors';

/** Access token formats: RFC 9068 JWTs the API verifies itself, or opaque strings it introspects. */
export type TokenFormat = 'jwt' | 'opaque';

/** Asymmetric algorithms the IdP can sign ID tokens and JWT access tokens with. */
export type SigningAlg = 'RS256' | 'ES256';

/**
 * Metadata of an extra OAuth client (RFC 7591 names), registered next to the defaults.
 * Anything oidc-provider accepts may be passed; the common fields are typed.
 */
export interface ClientMetadata {
  client_id: string;
  client_secret?: string;
  client_name?: string;
  redirect_uris?: string[];
  post_logout_redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  application_type?: 'web' | 'native';
  [property: string]: unknown;
}

/** Options of {@link start}. Every field is optional; the defaults suit the demo. */
export interface IdpOptions {
  /** TCP port; `0` picks a free one (tests). Default 4000. The server always binds 127.0.0.1. */
  port?: number;
  /** Issuer identifier. Default `http://127.0.0.1:<actual port>`. */
  issuer?: string;
  /** Access token lifetime in seconds. Default 300. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds, counted from the first sign-in; rotation never extends it. Default 8 h. */
  refreshTokenTtl?: number;
  /** ID token lifetime in seconds. Default 3600. */
  idTokenTtl?: number;
  /** Access token format for the bank API. Default `'jwt'` (RFC 9068, `typ: at+jwt`). */
  tokenFormat?: TokenFormat;
  /** Resource indicator of the bank API, the `aud` of its access tokens. Default {@link BANK_API_AUDIENCE}. */
  apiAudience?: string;
  /** Resource indicator of the investments API, the `aud` of its access tokens. Default {@link INVEST_API_AUDIENCE}. */
  investApiAudience?: string;
  /** Exact redirect URIs of the dashboard client. */
  dashboardRedirectUris?: string[];
  /** Exact post-logout redirect URIs of the dashboard client. */
  dashboardPostLogoutRedirectUris?: string[];
  /** Browser origins allowed to call the token, revocation, userinfo... endpoints. Default: the redirect URIs' origins. */
  corsOrigins?: string[];
  /** Extra clients (tests), registered in addition to the dashboard and the bank API. */
  clients?: ClientMetadata[];
  /** Signing algorithm of ID tokens and JWT access tokens. Default `'RS256'`. */
  signingAlg?: SigningAlg;
  /** Receives one line per request. Default: silent (lines still land in `RunningIdp.logs`). */
  logger?: (line: string) => void;
  /** Mounts the `/__admin` endpoints (demo and e2e). Default false. */
  admin?: boolean;
  /**
   * Registers the dashboard client with `dpop_bound_access_tokens: true` (RFC 9449): its token
   * requests (code exchange, refresh) are refused without a DPoP proof, its access tokens carry
   * `cnf.jkt`, and its refresh tokens are bound to the same key. Default false: the dashboard may
   * still send proofs (oidc-provider accepts DPoP from any client), but Bearer works too.
   */
  dpop?: boolean;
  /**
   * Requires a server nonce (`DPoP-Nonce`, error `use_dpop_nonce`) in every DPoP proof at the token
   * endpoint, for any client that sends one. Default false: no nonces are issued at all.
   */
  dpopNonce?: boolean;
  /**
   * Registers the backend-for-frontend client `bank-bff` (BFF mode): confidential, `private_key_jwt`
   * with these public keys, PAR required, DPoP-bound tokens, under oidc-provider's FAPI 2.0 profile.
   * Default: no BFF client.
   */
  bff?: BffClientOptions;
}

/** {@link IdpOptions} with every default applied and every value checked. */
export interface ResolvedOptions {
  port: number;
  issuer: string | undefined;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  idTokenTtl: number;
  tokenFormat: TokenFormat;
  apiAudience: string;
  investApiAudience: string;
  dashboardRedirectUris: string[];
  dashboardPostLogoutRedirectUris: string[];
  corsOrigins: string[];
  clients: ClientMetadata[];
  signingAlg: SigningAlg;
  logger: ((line: string) => void) | undefined;
  admin: boolean;
  dpop: boolean;
  dpopNonce: boolean;
  bff: ResolvedBffClient | undefined;
}

export const DEFAULT_ACCESS_TOKEN_TTL = 300;
export const DEFAULT_REFRESH_TOKEN_TTL = 8 * 60 * 60;
export const DEFAULT_ID_TOKEN_TTL = 3600;

function invalid(message: string): never {
  throw new IdpError('invalid_options', message);
}

/** Checks a lifetime in seconds: a positive whole number. */
export function checkTtl(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    invalid(`${name} must be a positive whole number of seconds, got ${String(value)}.`);
  }
  return value;
}

function checkUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(`${name} must be an absolute URL, got "${value}".`);
  }
  if (url.hash !== '') invalid(`${name} must not contain a fragment, got "${value}".`);
  return value;
}

function checkHttpUrls(name: string, values: string[]): string[] {
  return values.map((value) => {
    checkUrl(name, value);
    if (!/^https?:$/.test(new URL(value).protocol)) invalid(`${name} must use http or https.`);
    return value;
  });
}

function checkIssuer(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = new URL(checkUrl('issuer', value));
  if (url.search !== '' || value.endsWith('?')) invalid('issuer must not contain a query.');
  if (!/^https?:$/.test(url.protocol)) invalid('issuer must use http or https.');
  // The provider answers at the root of its own server, so an issuer with a path would not match it.
  if (url.pathname !== '/') invalid(`issuer must be an origin without a path, got "${value}".`);
  return url.origin;
}

function resolveBff(bff: BffClientOptions | undefined): ResolvedBffClient | undefined {
  if (bff === undefined) return undefined;
  const { jwks, alg } = checkPublicJwks(readPublicJwks(bff.publicJwks));
  const redirectUris = checkHttpUrls('bff.redirectUris', [
    ...(bff.redirectUris ?? DEFAULT_BFF_REDIRECT_URIS),
  ]);
  const backchannelLogoutUri =
    bff.backchannelLogoutUri === false
      ? undefined
      : bff.backchannelLogoutUri === undefined
        ? defaultBackchannelLogoutUri(redirectUris)
        : checkHttpUrls('bff.backchannelLogoutUri', [bff.backchannelLogoutUri])[0];
  return {
    publicJwks: jwks,
    authSigningAlg: alg,
    redirectUris,
    postLogoutRedirectUris: checkHttpUrls('bff.postLogoutRedirectUris', [
      ...(bff.postLogoutRedirectUris ?? DEFAULT_BFF_POST_LOGOUT_REDIRECT_URIS),
    ]),
    backchannelLogoutUri:
      backchannelLogoutUri === undefined ? undefined : new URL(backchannelLogoutUri).href,
  };
}

function originsOf(uris: readonly string[]): string[] {
  return [...new Set(uris.map((uri) => new URL(uri).origin))];
}

/** Applies defaults and checks every option, so a mistake fails at start with a message that says what to fix. */
export function resolveOptions(options: IdpOptions = {}): ResolvedOptions {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    invalid(`port must be a whole number from 0 to 65535, got ${String(options.port)}.`);
  }
  const tokenFormat = options.tokenFormat ?? 'jwt';
  if (tokenFormat !== 'jwt' && tokenFormat !== 'opaque') {
    invalid(`tokenFormat must be 'jwt' or 'opaque', got "${String(tokenFormat)}".`);
  }
  const signingAlg = options.signingAlg ?? 'RS256';
  if (signingAlg !== 'RS256' && signingAlg !== 'ES256') {
    invalid(`signingAlg must be 'RS256' or 'ES256', got "${String(signingAlg)}".`);
  }
  const dashboardRedirectUris = checkHttpUrls('dashboardRedirectUris', [
    ...(options.dashboardRedirectUris ?? DEFAULT_DASHBOARD_REDIRECT_URIS),
  ]);
  const dashboardPostLogoutRedirectUris = checkHttpUrls('dashboardPostLogoutRedirectUris', [
    ...(options.dashboardPostLogoutRedirectUris ?? DEFAULT_DASHBOARD_POST_LOGOUT_REDIRECT_URIS),
  ]);
  const clients = options.clients ?? [];
  for (const client of clients) {
    if (typeof client.client_id !== 'string' || client.client_id === '') {
      invalid('every entry of clients needs a client_id.');
    }
  }
  const extraRedirectUris = clients.flatMap((client) => client.redirect_uris ?? []);
  const corsOrigins = options.corsOrigins
    ? checkHttpUrls('corsOrigins', options.corsOrigins).map((origin) => new URL(origin).origin)
    : originsOf([...dashboardRedirectUris, ...checkHttpUrls('redirect_uris', extraRedirectUris)]);

  return {
    port,
    issuer: checkIssuer(options.issuer),
    accessTokenTtl: checkTtl('accessTokenTtl', options.accessTokenTtl, DEFAULT_ACCESS_TOKEN_TTL),
    refreshTokenTtl: checkTtl(
      'refreshTokenTtl',
      options.refreshTokenTtl,
      DEFAULT_REFRESH_TOKEN_TTL,
    ),
    idTokenTtl: checkTtl('idTokenTtl', options.idTokenTtl, DEFAULT_ID_TOKEN_TTL),
    tokenFormat,
    apiAudience: checkUrl('apiAudience', options.apiAudience ?? BANK_API_AUDIENCE),
    investApiAudience: checkUrl(
      'investApiAudience',
      options.investApiAudience ?? INVEST_API_AUDIENCE,
    ),
    dashboardRedirectUris,
    dashboardPostLogoutRedirectUris,
    corsOrigins,
    clients,
    signingAlg,
    logger: options.logger,
    admin: options.admin ?? false,
    dpop: options.dpop ?? false,
    dpopNonce: options.dpopNonce ?? false,
    bff: resolveBff(options.bff),
  };
}
