import { setTimeout as delay } from 'node:timers/promises';
import {
  createRemoteJWKSet,
  errors,
  jwksCache,
  jwtVerify,
  type JWKSCacheInput,
  type JWTPayload,
} from 'jose';
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
  /**
   * Minimum time between two JWKS refetches triggered by an unknown `kid`. A request whose `kid`
   * is unknown inside this window waits for its end (if that is at most
   * {@link UNKNOWN_KID_MAX_WAIT_MS} away) and tries once more, so a key that the IdP starts
   * using right after the API fetched the JWKS is still accepted.
   */
  jwksCooldownSeconds: number;
  /** How long a fetched JWKS is used before it is fetched again regardless. */
  jwksCacheMaxAgeSeconds: number;
  now?: () => Date;
}

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/** The longest a request waits for the JWKS refetch cooldown to end. */
export const UNKNOWN_KID_MAX_WAIT_MS = 2000;

/**
 * Validates RFC 9068 JWT access tokens with jose: keys from the discovery document's `jwks_uri`
 * (refetched on an unknown `kid`, so key rotation at the IdP needs no restart), pinned algorithms,
 * `typ: at+jwt`, exact issuer, audience, `exp`/`nbf`/`iat` with tolerance, `sub` present.
 */
export class JwtAccessTokenValidator implements AccessTokenValidator {
  readonly #options: JwtValidatorOptions;
  #jwks: Promise<RemoteJwks> | undefined;
  // jose records the time of its last JWKS fetch here (`uat`); we read it to know when the
  // refetch cooldown ends.
  readonly #jwksState: JWKSCacheInput = {};

  constructor(options: JwtValidatorOptions) {
    this.#options = options;
  }

  #keys(): Promise<RemoteJwks> {
    this.#jwks ??= this.#options.discovery.get().then(
      (doc) =>
        createRemoteJWKSet(new URL(doc.jwks_uri), {
          cooldownDuration: this.#options.jwksCooldownSeconds * 1000,
          cacheMaxAge: this.#options.jwksCacheMaxAgeSeconds * 1000,
          [jwksCache]: this.#jwksState,
        }),
      (error: unknown) => {
        this.#jwks = undefined;
        throw error;
      },
    );
    return this.#jwks;
  }

  #verify(token: string, keys: RemoteJwks): Promise<JWTPayload> {
    return jwtVerify(token, keys, {
      algorithms: [...ALLOWED_ALGORITHMS],
      typ: 'at+jwt',
      issuer: this.#options.issuer,
      audience: this.#options.audience,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: this.#options.clockToleranceSeconds,
      maxTokenAge: this.#options.maxTokenAgeSeconds,
      ...(this.#options.now ? { currentDate: this.#options.now() } : {}),
    }).then((result) => result.payload);
  }

  /** How long until jose may refetch the JWKS again, if worth waiting for; otherwise undefined. */
  #cooldownRemainingMs(keys: RemoteJwks): number | undefined {
    const fetchedAt = 'uat' in this.#jwksState ? this.#jwksState.uat : undefined;
    if (!keys.coolingDown || fetchedAt === undefined) return undefined;
    const remaining = fetchedAt + this.#options.jwksCooldownSeconds * 1000 - Date.now();
    return remaining <= UNKNOWN_KID_MAX_WAIT_MS ? Math.max(remaining, 0) + 1 : undefined;
  }

  async validate(token: string): Promise<ValidatedToken> {
    const keys = await this.#keys();
    let payload: JWTPayload;
    try {
      payload = await this.#verify(token, keys);
    } catch (error) {
      const wait =
        error instanceof errors.JWKSNoMatchingKey ? this.#cooldownRemainingMs(keys) : undefined;
      if (wait === undefined) throw tokenErrorFromJose(error);
      // An unknown kid inside the cooldown: likely a key rotated in just after our last fetch.
      await delay(wait);
      try {
        payload = await this.#verify(token, keys);
      } catch (retryError) {
        throw tokenErrorFromJose(retryError);
      }
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
