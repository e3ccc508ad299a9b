import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { DiscoveryClient } from './discovery.js';
import { tokenErrorFromJose } from './jose-errors.js';
import { TokenError } from './token-error.js';
import {
  parseScopeClaim,
  type AccessTokenValidator,
  type ValidatedToken,
} from './validated-token.js';

/** Asymmetric algorithms only: an HMAC algorithm would let anyone holding the public key sign. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256', 'PS256'] as const;

export interface JwtValidatorOptions {
  discovery: DiscoveryClient;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Refuse tokens issued longer ago than this (also refuses an `iat` in the future). */
  maxTokenAgeSeconds: number;
  /** Minimum time between two JWKS refetches triggered by an unknown `kid`. */
  jwksCooldownSeconds: number;
  /** How long a fetched JWKS is used before it is fetched again regardless. */
  jwksCacheMaxAgeSeconds: number;
  now?: () => Date;
}

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/**
 * Validates RFC 9068 JWT access tokens with jose: keys from the discovery document's `jwks_uri`
 * (refetched on an unknown `kid`, so key rotation at the IdP needs no restart), pinned algorithms,
 * `typ: at+jwt`, exact issuer, audience, `exp`/`nbf`/`iat` with tolerance, `sub` present.
 */
export class JwtAccessTokenValidator implements AccessTokenValidator {
  readonly #options: JwtValidatorOptions;
  #jwks: Promise<RemoteJwks> | undefined;

  constructor(options: JwtValidatorOptions) {
    this.#options = options;
  }

  #keys(): Promise<RemoteJwks> {
    this.#jwks ??= this.#options.discovery.get().then(
      (doc) =>
        createRemoteJWKSet(new URL(doc.jwks_uri), {
          cooldownDuration: this.#options.jwksCooldownSeconds * 1000,
          cacheMaxAge: this.#options.jwksCacheMaxAgeSeconds * 1000,
        }),
      (error: unknown) => {
        this.#jwks = undefined;
        throw error;
      },
    );
    return this.#jwks;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const keys = await this.#keys();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: [...ALLOWED_ALGORITHMS],
        typ: 'at+jwt',
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: this.#options.clockToleranceSeconds,
        maxTokenAge: this.#options.maxTokenAgeSeconds,
        ...(this.#options.now ? { currentDate: this.#options.now() } : {}),
      }));
    } catch (error) {
      throw tokenErrorFromJose(error);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 255) {
      throw new TokenError('malformed_token', { description: 'invalid sub claim' });
    }
    const clientId = payload.client_id;
    return {
      sub: payload.sub,
      scopes: parseScopeClaim(payload.scope),
      clientId: typeof clientId === 'string' ? clientId : undefined,
      expiresAt: payload.exp ?? 0,
    };
  }
}
