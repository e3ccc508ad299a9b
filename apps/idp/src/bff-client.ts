import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import type { Configuration, ClientMetadata as OidcClientMetadata } from 'oidc-provider';
import { BFF_CLIENT_ID } from './constants';
import { IdpError } from './errors';

/** A JSON Web Key Set of public keys (RFC 7517 §5). */
export interface PublicJwks {
  keys: JWK[];
}

/**
 * Client-assertion algorithms the BFF may sign with: the FAPI 2.0 Security Profile (§5.4.1) allows
 * PS256, ES256 and EdDSA (Ed25519), and nothing weaker (no RS256, no HMAC).
 */
export const BFF_CLIENT_AUTH_ALGS = ['ES256', 'PS256', 'EdDSA', 'Ed25519'] as const;

/** One of {@link BFF_CLIENT_AUTH_ALGS}. */
export type BffClientAuthAlg = (typeof BFF_CLIENT_AUTH_ALGS)[number];

/** The backend-for-frontend client (`bank-bff`) the IdP registers when this option is given. */
export interface BffClientOptions {
  /**
   * The BFF's public keys, which verify its `private_key_jwt` client assertions: a JWKS, or the path
   * of a JSON file holding one (a string starting with `{` is read as the JWKS itself). Every key
   * needs the same `alg`, one of {@link BFF_CLIENT_AUTH_ALGS}; no private key material.
   */
  publicJwks: PublicJwks | string;
  /** Exact redirect URIs of the BFF's callback. Default `http://{127.0.0.1,localhost}:5173/bff/callback`. */
  redirectUris?: string[];
  /** Exact post-logout redirect URIs. Default `http://{127.0.0.1,localhost}:5173/`. */
  postLogoutRedirectUris?: string[];
  /**
   * Where the IdP POSTs a `logout_token` when an IdP session the BFF signed in with ends (OpenID
   * Connect Back-Channel Logout 1.0), registered with `backchannel_logout_session_required`, so every
   * token names the session (`sid`). Default: the first redirect URI with its last path segment
   * `callback` replaced by `backchannel-logout` (`@sesame/bff`'s endpoint next to its callback, e.g.
   * `http://127.0.0.1:5173/bff/backchannel-logout`); none when that URI does not end in `/callback`.
   * `false`: no back-channel logout.
   */
  backchannelLogoutUri?: string | false;
}

/** {@link BffClientOptions} read and checked. */
export interface ResolvedBffClient {
  publicJwks: PublicJwks;
  authSigningAlg: BffClientAuthAlg;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The back-channel logout URI, or `undefined` for none. */
  backchannelLogoutUri: string | undefined;
}

function invalid(message: string, cause?: unknown): never {
  throw new IdpError('invalid_options', message, cause === undefined ? undefined : { cause });
}

// Members only a private or symmetric key has (RFC 7518 §6): they must stay with the BFF.
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** Reads `bff.publicJwks`: the JWKS itself, inline JSON, or the path of a JSON file. */
export function readPublicJwks(value: PublicJwks | string): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trimStart().startsWith('{') ? value : readJwksFile(value);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    return invalid('bff.publicJwks is not valid JSON.', cause);
  }
}

function readJwksFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    return invalid(`bff.publicJwks: cannot read the file "${path}".`, cause);
  }
}

/**
 * Checks the BFF's JWKS: public signing keys only, all with one FAPI 2.0 algorithm, which becomes the
 * client's `token_endpoint_auth_signing_alg` (so an assertion signed with any other algorithm is refused).
 */
export function checkPublicJwks(value: unknown): { jwks: PublicJwks; alg: BffClientAuthAlg } {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    invalid('bff.publicJwks must be a JWKS: { "keys": [ ...at least one public key ] }.');
  }
  const algs = new Set<unknown>();
  for (const key of keys as unknown[]) {
    if (typeof key !== 'object' || key === null)
      invalid('bff.publicJwks holds a key that is not an object.');
    const jwk = key as Record<string, unknown>;
    if (SECRET_MEMBERS.some((member) => member in jwk)) {
      invalid(
        'bff.publicJwks holds private or secret key material: register only the public keys (the private key stays with the BFF).',
      );
    }
    algs.add(jwk.alg);
  }
  const [alg] = [...algs];
  if (algs.size !== 1 || !(BFF_CLIENT_AUTH_ALGS as readonly unknown[]).includes(alg)) {
    invalid(
      `every key of bff.publicJwks needs the same "alg", one of ${BFF_CLIENT_AUTH_ALGS.join(', ')} (FAPI 2.0), got ${[...algs].map(String).join(', ')}.`,
    );
  }
  return { jwks: { keys: keys as JWK[] }, alg: alg as BffClientAuthAlg };
}

/**
 * The BFF as oidc-provider client metadata: confidential (`private_key_jwt` with the registered public
 * keys), PAR required, DPoP required (`dpop_bound_access_tokens`: every token request carries a proof and
 * every access token `cnf.jkt`), code + refresh token grants. The FAPI 2.0 profile is applied to it by
 * {@link fapiProfileOf}; scopes, resource (the bank API) and lifetimes are the IdP's, as for the dashboard.
 */
export function bffClientMetadata(bff: ResolvedBffClient): OidcClientMetadata {
  return {
    client_id: BFF_CLIENT_ID,
    client_name: 'Online Banking',
    application_type: 'web',
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: bff.authSigningAlg,
    jwks: bff.publicJwks as NonNullable<OidcClientMetadata['jwks']>,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: bff.redirectUris,
    post_logout_redirect_uris: bff.postLogoutRedirectUris,
    require_pushed_authorization_requests: true,
    dpop_bound_access_tokens: true,
    ...(bff.backchannelLogoutUri
      ? {
          backchannel_logout_uri: bff.backchannelLogoutUri,
          // Every logout token then carries `sid` (and every ID token too), so the BFF ends the
          // sessions of that one IdP session rather than every session of the user.
          backchannel_logout_session_required: true,
        }
      : {}),
  };
}

/**
 * The BFF's back-channel logout URI by default: next to its callback (the first redirect URI with
 * its last segment `callback` replaced), or none when that URI has no such segment.
 */
export function defaultBackchannelLogoutUri(redirectUris: readonly string[]): string | undefined {
  const [first] = redirectUris;
  if (first === undefined) return undefined;
  const url = new URL(first);
  if (!url.pathname.endsWith('/callback') || url.search !== '') return undefined;
  url.pathname = `${url.pathname.slice(0, -'callback'.length)}backchannel-logout`;
  return url.href;
}

type BackchannelLogoutFeature = NonNullable<
  NonNullable<Configuration['features']>['backchannelLogout']
>;

/** oidc-provider's back-channel logout: on when the BFF client has a back-channel logout URI. */
export function backchannelLogoutFeature(
  bff: ResolvedBffClient | undefined,
): BackchannelLogoutFeature {
  return { enabled: bff?.backchannelLogoutUri !== undefined };
}

/**
 * oidc-provider's outgoing `fetch`, which it hands an SSRF guard (an undici dispatcher that drops any
 * connection to a loopback, private or link-local address) for every request it makes: client JWKS,
 * sector identifiers, back-channel logout. This IdP and the demo BFF live on 127.0.0.1, so the guard
 * is lifted for exactly one URL, the BFF's registered back-channel logout URI (configured by whoever
 * starts the IdP, never by a client: there is no dynamic registration); every other request keeps it.
 */
export function providerFetch(
  bff: ResolvedBffClient | undefined,
): NonNullable<Configuration['fetch']> {
  const trusted = bff?.backchannelLogoutUri;
  return (input, init) => {
    const href = input instanceof Request ? input.url : new URL(input).href;
    if (trusted !== undefined && href === trusted && init) {
      const { dispatcher: _guard, ...rest } = init as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(input, rest);
    }
    return globalThis.fetch(input, init);
  };
}

type FapiFeature = NonNullable<NonNullable<Configuration['features']>['fapi']>;

/**
 * oidc-provider's FAPI 2.0 Security Profile for the BFF client only. The browser client is public, which
 * FAPI 2.0 forbids, so it must stay outside the profile: `profile` is asked per request with the client.
 */
export function fapiFeature(bff: ResolvedBffClient | undefined): FapiFeature {
  if (!bff) return { enabled: false };
  return { enabled: true, profile: fapiProfileOf };
}

/** `'2.0'` for the BFF client, no profile for every other client. */
export function fapiProfileOf(
  _ctx: unknown,
  client: { clientId: string } | undefined,
): '2.0' | undefined {
  return client?.clientId === BFF_CLIENT_ID ? '2.0' : undefined;
}
