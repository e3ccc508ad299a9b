// The BFF's view of its IdP through openid-client: discovery once (again after a failure), the
// client authentication (private_key_jwt), and two configurations that differ only in their time
// limit: one for the IdP, one for the upstream APIs. Every protocol step is openid-client's.
import * as oidc from 'openid-client';
import { createRemoteJWKSet, importJWK } from 'jose';
import { BffError } from './errors';
import type { LogoutTokenChecks } from './logout-token';
import type { PrivateJwk, ResolvedOptions } from './options';

/** The configurations a request needs. */
export interface IdpConfigs {
  /** For the IdP: PAR, token, revocation requests (time limit `idpTimeoutMs`). */
  idp: oidc.Configuration;
  /** For upstream API requests (time limit `upstreamTimeoutMs`). */
  api: oidc.Configuration;
}

/** The JWS algorithm a client key signs with: its `alg`, else one FAPI 2.0 allows for its type. */
export function clientKeyAlg(jwk: PrivateJwk): string {
  if (jwk.alg) return jwk.alg;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'RSA') return 'PS256';
  throw new BffError(
    'invalid_options',
    `clientPrivateKey: no algorithm for a ${jwk.kty} key${jwk.crv ? ` on ${jwk.crv}` : ''}; give its "alg".`,
  );
}

/** A fetch that gives up after `timeoutMs`, besides any signal openid-client passes. */
function timedFetch(timeoutMs: number): oidc.CustomFetch {
  return (url, options) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    return fetch(url, { ...options, signal } as RequestInit);
  };
}

/**
 * Discovers the IdP on first use and keeps the result; a failed discovery is not kept, so the next
 * request tries again (an IdP that was down at start does not break the BFF for good).
 */
/**
 * The algorithms a logout token may be signed with: those of the ID tokens (`idTokenSigningAlg`, or
 * what the IdP lists, RS256 when it lists none), asymmetric ones only.
 */
export function logoutTokenAlgorithms(
  pinned: string | undefined,
  listed: readonly string[] | undefined,
): string[] {
  const candidates = pinned ? [pinned] : listed?.length ? listed : ['RS256'];
  return candidates.filter((alg) => alg !== 'none' && !alg.startsWith('HS'));
}

export class Idp {
  readonly #options: ResolvedOptions;
  #configs: Promise<IdpConfigs> | undefined;
  #logoutChecks: { for: IdpConfigs; checks: LogoutTokenChecks } | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  configs(): Promise<IdpConfigs> {
    this.#configs ??= this.#discover().catch((error: unknown) => {
      this.#configs = undefined;
      throw error;
    });
    return this.#configs;
  }

  /**
   * What a back-channel logout token is checked against: the discovered issuer, this client, the
   * IdP's JWKS (jose's remote key set: cached, fetched again for an unknown `kid` at most every 30 s)
   * and the ID tokens' algorithms.
   */
  async logoutTokenChecks(): Promise<LogoutTokenChecks> {
    const configs = await this.configs();
    if (this.#logoutChecks?.for !== configs) {
      const metadata = configs.idp.serverMetadata();
      if (!metadata.jwks_uri) {
        throw new BffError('idp_unavailable', 'The IdP publishes no jwks_uri.', { status: 502 });
      }
      const checks: LogoutTokenChecks = {
        issuer: metadata.issuer,
        clientId: this.#options.clientId,
        keys: createRemoteJWKSet(new URL(metadata.jwks_uri), {
          timeoutDuration: this.#options.idpTimeoutMs,
        }),
        algorithms: logoutTokenAlgorithms(
          this.#options.idTokenSigningAlg,
          metadata.id_token_signing_alg_values_supported,
        ),
      };
      this.#logoutChecks = { for: configs, checks };
    }
    return this.#logoutChecks.checks;
  }

  async #discover(): Promise<IdpConfigs> {
    const options = this.#options;
    const jwk = options.clientPrivateKey;
    const alg = clientKeyAlg(jwk);
    let key: CryptoKey;
    try {
      key = (await importJWK(jwk, alg)) as CryptoKey;
    } catch (cause) {
      throw new BffError('invalid_options', `clientPrivateKey cannot be used for ${alg}.`, {
        cause,
      });
    }
    const auth = oidc.PrivateKeyJwt(jwk.kid === undefined ? key : { key, kid: jwk.kid });
    const metadata: Partial<oidc.ClientMetadata> = {
      redirect_uris: [options.redirectUri.href],
      token_endpoint_auth_method: 'private_key_jwt',
      ...(options.idTokenSigningAlg
        ? { id_token_signed_response_alg: options.idTokenSigningAlg }
        : {}),
    };
    const execute = [
      // ID tokens from the token endpoint are checked against the IdP's JWKS too, not only their
      // claims: openid-client skips signatures over TLS unless told otherwise.
      oidc.enableNonRepudiationChecks,
      ...(options.allowInsecureRequests ? [oidc.allowInsecureRequests] : []),
    ];
    let idp: oidc.Configuration;
    try {
      idp = await oidc.discovery(options.issuer, options.clientId, metadata, auth, {
        execute,
        [oidc.customFetch]: timedFetch(options.idpTimeoutMs),
      });
    } catch (cause) {
      throw new BffError('idp_unavailable', 'The IdP could not be discovered.', {
        status: 502,
        retryable: true,
        cause,
      });
    }
    // openid-client's own time limit (seconds) gives way to the custom fetches' (ms).
    idp.timeout = 0;
    const api = new oidc.Configuration(idp.serverMetadata(), options.clientId, metadata, auth);
    for (const step of execute) step(api);
    api.timeout = 0;
    api[oidc.customFetch] = timedFetch(options.upstreamTimeoutMs);
    return { idp, api };
  }
}
