import {
  calculateJwkThumbprint,
  EmbeddedJWK,
  type FlattenedJWSInput,
  type JWK,
  type JWSHeaderParameters,
} from 'jose';

/** How many distinct proof keys are remembered (oldest go first). */
export const DPOP_KEY_CACHE_ENTRIES = 1000;

/**
 * Remembers the results of pure functions of a DPoP proof's embedded key: jose's import of it
 * (`EmbeddedJWK`: a public key usable with the header's `alg`) and its RFC 7638 thumbprint. A
 * client signs every proof with one key, and importing a JWK (EC point validation) costs more than
 * checking a signature with it. Nothing about a proof is remembered: each one's signature and
 * claims are verified (proofs are single use). Bounded; failed imports are not kept.
 */
export class DpopKeyCache {
  readonly #keys: BoundedPromiseMemo<CryptoKey>;
  readonly #thumbprints: BoundedPromiseMemo<string>;

  constructor(maxEntries = DPOP_KEY_CACHE_ENTRIES) {
    this.#keys = new BoundedPromiseMemo(maxEntries);
    this.#thumbprints = new BoundedPromiseMemo(maxEntries);
  }

  /**
   * A jose key resolver: `EmbeddedJWK`'s answer for this header's `alg` and `jwk`, computed once
   * for each distinct pair (its refusals are thrown again, as jose's own).
   */
  readonly embeddedKey = (
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey> =>
    this.#keys.get(`${String(header.alg)} ${JSON.stringify(header.jwk)}`, async () => {
      const key = await EmbeddedJWK(header, token);
      if (!(key instanceof CryptoKey)) throw new TypeError('expected a CryptoKey');
      return key;
    });

  /** The RFC 7638 thumbprint (SHA-256) of `jwk`, computed once for each distinct key. */
  thumbprint(jwk: JWK): Promise<string> {
    return this.#thumbprints.get(JSON.stringify(jwk), () => calculateJwkThumbprint(jwk));
  }
}

/** Promises by key, the oldest dropped beyond `maxEntries`; a rejected one is dropped at once. */
class BoundedPromiseMemo<T> {
  readonly #entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get(id: string, compute: () => Promise<T>): Promise<T> {
    const known = this.#entries.get(id);
    if (known !== undefined) return known;
    const entry = compute();
    this.#entries.set(id, entry);
    entry.catch(() => {
      if (this.#entries.get(id) === entry) this.#entries.delete(id);
    });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return entry;
  }
}
