// Each session's DPoP key (RFC 9449): made at sign-in, kept in the session as JWKs (the store is
// JSON), and turned back into an openid-client DPoP handle when a token request or an API request
// needs a proof. The handles are cached in this process, since importing a key costs more than a
// request's other work and a handle also remembers the servers' DPoP nonces.
import * as oidc from 'openid-client';
import type { JsonObject } from './json';
import type { DpopKeyRecord } from './session-record';

const ES256: EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** A new ES256 key pair for a sign-in, and its JWK form to store. */
export async function newDpopKey(): Promise<{ keyPair: CryptoKeyPair; record: DpopKeyRecord }> {
  const keyPair = await oidc.randomDPoPKeyPair('ES256', { extractable: true });
  const [publicJwk, privateJwk] = await Promise.all([
    crypto.subtle.exportKey('jwk', keyPair.publicKey),
    crypto.subtle.exportKey('jwk', keyPair.privateKey),
  ]);
  return {
    keyPair,
    record: { publicJwk: publicJwk as JsonObject, privateJwk: privateJwk as JsonObject },
  };
}

/** The key pair of a stored record; the private key comes back non-extractable. */
export async function importDpopKey(record: DpopKeyRecord): Promise<CryptoKeyPair> {
  const [publicKey, privateKey] = await Promise.all([
    crypto.subtle.importKey('jwk', record.publicJwk as JsonWebKey, ES256, true, ['verify']),
    crypto.subtle.importKey('jwk', record.privateJwk as JsonWebKey, ES256, false, ['sign']),
  ]);
  return { publicKey, privateKey };
}

/**
 * DPoP handles by session (store key), least recently used first out. A handle is reused only for
 * the same key (its public `x`), so a session whose key changed gets a new one.
 */
export class DpopHandles {
  readonly #handles = new Map<string, { x: string; handle: Promise<oidc.DPoPHandle> }>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  /** The handle for `record`, made with `config` (its clock settings) on first use. */
  get(id: string, record: DpopKeyRecord, config: oidc.Configuration): Promise<oidc.DPoPHandle> {
    const x = String(record.publicJwk.x);
    const cached = this.#handles.get(id);
    this.#handles.delete(id);
    if (cached && cached.x === x) {
      this.#handles.set(id, cached);
      return cached.handle;
    }
    const handle = importDpopKey(record).then((keyPair) => oidc.getDPoPHandle(config, keyPair));
    // A failed import is not cached: the next request tries again.
    handle.catch(() => {
      if (this.#handles.get(id)?.handle === handle) this.#handles.delete(id);
    });
    if (this.#handles.size >= this.#max) {
      const oldest = this.#handles.keys().next().value;
      if (oldest !== undefined) this.#handles.delete(oldest);
    }
    this.#handles.set(id, { x, handle });
    return handle;
  }

  /** Forgets a session's handle (sign-out, session end). */
  forget(id: string): void {
    this.#handles.delete(id);
  }
}
