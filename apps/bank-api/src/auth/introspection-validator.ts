import type { DiscoveryClient } from './discovery.js';
import { TokenCache, tokenFingerprint } from './token-cache.js';
import { TokenError } from './token-error.js';
import {
  parseScopeClaim,
  readBoundKeyThumbprint,
  type AccessTokenValidator,
  type ValidatedToken,
} from './validated-token.js';

export interface IntrospectionValidatorOptions {
  discovery: DiscoveryClient;
  issuer: string;
  audience: string;
  clientId: string;
  clientSecret: string;
  clockToleranceSeconds: number;
  /** Upper bound on how long a positive answer is reused (never beyond the token's own `exp`). */
  cacheTtlSeconds: number;
  maxCacheEntries?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  onError?: (message: string) => void;
}

// RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are Base64-encoded.
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

// What an introspection response may call an access token: RFC 7662 suggests the token's OAuth
// type ("Bearer"); oidc-provider has also answered with its token kind ("access_token").
const ACCESS_TOKEN_TYPES = new Set(['bearer', 'access_token']);

/**
 * Validates tokens (opaque or not) with the IdP's RFC 7662 introspection endpoint, using the API's
 * own client credentials. Positive answers are cached by token fingerprint until the earlier of the
 * token's expiry and `cacheTtlSeconds`; concurrent requests with one token share one call.
 */
export class IntrospectionAccessTokenValidator implements AccessTokenValidator {
  readonly #options: IntrospectionValidatorOptions;
  readonly #cache: TokenCache<ValidatedToken>;
  readonly #inFlight = new Map<string, Promise<ValidatedToken>>();

  constructor(options: IntrospectionValidatorOptions) {
    this.#options = options;
    this.#cache = new TokenCache({
      maxEntries: options.maxCacheEntries ?? 10_000,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  peek(token: string): ValidatedToken | undefined {
    return this.#cache.get(tokenFingerprint(token));
  }

  validate(token: string): Promise<ValidatedToken> {
    const key = tokenFingerprint(token);
    const cached = this.#cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#introspect(token).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
      pending.then(
        (result) => {
          const ttlLimit = this.#now() + this.#options.cacheTtlSeconds * 1000;
          this.#cache.set(key, result, Math.min(result.expiresAt * 1000, ttlLimit));
        },
        () => undefined, // Refusals are not cached; the caller sees the rejection itself.
      );
    }
    return pending;
  }

  async #introspect(token: string): Promise<ValidatedToken> {
    const doc = await this.#options.discovery.get();
    if (doc.introspection_endpoint === undefined) {
      this.#options.onError?.('the IdP does not advertise an introspection_endpoint');
      throw new TokenError('validation_unavailable');
    }
    let body: unknown;
    try {
      const response = await (this.#options.fetch ?? fetch)(doc.introspection_endpoint, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 5000),
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basicAuthorization(this.#options.clientId, this.#options.clientSecret),
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      });
      if (response.status !== 200) {
        throw new Error(`introspection endpoint answered HTTP ${response.status}`);
      }
      body = await response.json();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : 'unknown error';
      this.#options.onError?.(`introspection failed: ${message}`);
      throw new TokenError('validation_unavailable', { cause });
    }
    return this.#judge(body);
  }

  #judge(body: unknown): ValidatedToken {
    if (typeof body !== 'object' || body === null) {
      this.#options.onError?.('introspection response is not a JSON object');
      throw new TokenError('validation_unavailable');
    }
    const claims = body as Record<string, unknown>;
    if (claims.active !== true) throw new TokenError('token_inactive');
    const tokenType = claims.token_type;
    if (tokenType !== undefined && !ACCESS_TOKEN_TYPES.has(String(tokenType).toLowerCase())) {
      throw new TokenError('wrong_token_type', { description: 'not an access token' });
    }
    if (claims.iss !== undefined && claims.iss !== this.#options.issuer) {
      throw new TokenError('issuer_mismatch');
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(this.#options.audience)) throw new TokenError('audience_mismatch');
    if (typeof claims.sub !== 'string' || claims.sub === '' || claims.sub.length > 255) {
      throw new TokenError('missing_claim', { description: 'required claim missing: sub' });
    }
    if (typeof claims.exp !== 'number') {
      throw new TokenError('missing_claim', { description: 'required claim missing: exp' });
    }
    const nowSeconds = this.#now() / 1000;
    const tolerance = this.#options.clockToleranceSeconds;
    if (claims.exp + tolerance <= nowSeconds) throw new TokenError('token_expired');
    if (typeof claims.nbf === 'number' && claims.nbf - tolerance > nowSeconds) {
      throw new TokenError('token_not_yet_valid');
    }
    return {
      sub: claims.sub,
      scopes: parseScopeClaim(claims.scope),
      clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined,
      expiresAt: claims.exp,
      // RFC 9449 §6.2: an introspection answer names a DPoP binding as cnf.jkt too.
      jkt: readBoundKeyThumbprint(claims),
    };
  }

  /** Forgets every cached answer (tests; an operator reacting to a breach). */
  clearCache(): void {
    this.#cache.clear();
  }
}
