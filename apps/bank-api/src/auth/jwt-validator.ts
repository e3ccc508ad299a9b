import { setTimeout as delay } from 'node:timers/promises';
import {
  createRemoteJWKSet,
  errors,
  jwksCache,
  jwtVerify,
  type JSONWebKeySet,
  type JWKSCacheInput,
  type JWTPayload,
} from 'jose';
import type { DiscoveryClient } from './discovery.js';
import { tokenErrorFromJose } from './jose-errors.js';
import { TokenCache, tokenFingerprint } from './token-cache.js';
import { TokenError } from './token-error.js';
import {
  parseScopeClaim,
  readBoundKeyThumbprint,
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
  /** How many verified tokens are remembered (oldest go first); 10,000 unless set. */
  maxCacheEntries?: number;
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
  /** What {@link #jwks} resolved to, for {@link peek}, which may not wait. */
  #readyJwks: RemoteJwks | undefined;
  // jose records the time of its last JWKS fetch here (`uat`); we read it to know when the
  // refetch cooldown ends.
  readonly #jwksState: JWKSCacheInput = {};
  // Verified tokens by fingerprint: verifying a signature on every request is most of the API's
  // cost. Entries never outlive the token's exp (or its maxTokenAge) and go when the JWKS changes.
  readonly #cache: TokenCache<ValidatedToken>;
  /** The JWKS (as jose last stored it) that the cached entries were verified against. */
  #cachedUnderJwks: JSONWebKeySet | undefined;
  #cachedUnderJwksJson = '';
  /** Bumped on every flush, so a verification that straddles a JWKS change is not cached. */
  #cacheGeneration = 0;

  constructor(options: JwtValidatorOptions) {
    this.#options = options;
    this.#cache = new TokenCache({
      maxEntries: options.maxCacheEntries ?? 10_000,
      now: () => this.#nowMs(),
    });
  }

  #nowMs(): number {
    return this.#options.now ? this.#options.now().getTime() : Date.now();
  }

  /** Flushes the cache when jose has fetched a JWKS whose contents differ from the last one. */
  #flushIfJwksChanged(): void {
    const current = 'jwks' in this.#jwksState ? this.#jwksState.jwks : undefined;
    if (current === this.#cachedUnderJwks) return;
    this.#cachedUnderJwks = current;
    const json = JSON.stringify(current);
    const previous = this.#cachedUnderJwksJson;
    this.#cachedUnderJwksJson = json;
    // The first JWKS, or a refetch that brought the same one: nothing cached was verified otherwise.
    if (previous === '' || json === previous) return;
    this.#cache.clear();
    this.#cacheGeneration += 1;
  }

  #keys(): Promise<RemoteJwks> {
    this.#jwks ??= this.#options.discovery.get().then(
      (doc) => {
        this.#readyJwks = createRemoteJWKSet(new URL(doc.jwks_uri), {
          cooldownDuration: this.#options.jwksCooldownSeconds * 1000,
          cacheMaxAge: this.#options.jwksCacheMaxAgeSeconds * 1000,
          [jwksCache]: this.#jwksState,
        });
        return this.#readyJwks;
      },
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

  peek(token: string): ValidatedToken | undefined {
    // Same rule as validate: with a stale JWKS, verify for real (jose refetches it first).
    if (this.#readyJwks?.fresh !== true) return undefined;
    return this.#cache.get(tokenFingerprint(token));
  }

  async validate(token: string): Promise<ValidatedToken> {
    const keys = await this.#keys();
    const key = tokenFingerprint(token);
    // A stale JWKS means jose would refetch on this request: verify for real, so that a key the
    // IdP has withdrawn is noticed as soon as it would be without the cache.
    if (keys.fresh) {
      const cached = this.#cache.get(key);
      if (cached !== undefined) return cached;
    }
    const generation = this.#cacheGeneration;
    let validated: ValidatedToken;
    let iat: number;
    try {
      [validated, iat] = await this.#verifyAndRead(token, keys);
    } finally {
      this.#flushIfJwksChanged();
    }
    if (generation === this.#cacheGeneration) {
      // Cached only until exp (not exp + tolerance: past exp, full verification decides again).
      const maxAgeEnd = iat + this.#options.maxTokenAgeSeconds;
      this.#cache.set(key, validated, Math.min(validated.expiresAt, maxAgeEnd) * 1000);
    }
    return validated;
  }

  async #verifyAndRead(token: string, keys: RemoteJwks): Promise<[ValidatedToken, number]> {
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
    const validated: ValidatedToken = {
      sub: payload.sub,
      scopes: parseScopeClaim(payload.scope),
      clientId: typeof clientId === 'string' ? clientId : undefined,
      expiresAt: payload.exp ?? 0,
      jkt: readBoundKeyThumbprint(payload),
    };
    // requiredClaims makes jose refuse a token without exp or iat, so these defaults never apply.
    return [validated, payload.iat ?? 0];
  }
}
