import type { OidcClientSettings } from 'oidc-client-ts';
import { AuthError } from './errors';
import { DEV } from './dev';
import { indexedDbOrUndefined } from './idb';
import { proofKeyStore } from './dpop-keys';
import { keyThumbprint, signProof } from './dpop-proof';
import { dpopTransport } from './dpop-fetch';

/** Options of {@link dpop}. */
export interface DpopOptions {
  /**
   * When this browser cannot keep a DPoP key (no WebCrypto, as over plain http other than
   * localhost; or no IndexedDB): `'error'` (default) makes sign-in reject `dpop_unavailable`;
   * `'bearer'` signs in with bearer tokens instead. Decided when `dpop()` is called.
   */
  fallback?: 'error' | 'bearer';
}

/** What the engine asks of DPoP (internal: the app only passes `dpop()` in the settings). */
export interface DpopBinding {
  /** oidc-client-ts's DPoP settings: proofs at the token endpoint, and `dpop_jkt` on the authorization request. */
  oidc: NonNullable<OidcClientSettings['dpop']>;
  /** The transport for a request carrying `Authorization: Bearer <token>`: sends it as DPoP with a proof. */
  fetch(transport?: typeof fetch): typeof fetch;
  /**
   * The key's thumbprint, for the authorization request's `dpop_jkt` (RFC 9449 §10), which binds the
   * code to the key. (oidc-client-ts sends it only from its UserManager, which Sesame does not use.)
   */
  jkt(): Promise<string>;
  /** Deletes the key pair and the servers' nonces: at sign-out and whenever the session ends. */
  forget(): Promise<void>;
}

/** The `dpop` setting: made by {@link dpop}, bound by the engine to its client. */
export type Dpop = (client: {
  client_id: string;
  authority: string;
  storage: 'session' | 'memory' | 'local';
}) => DpopBinding;

const unavailable = (cause?: unknown) =>
  new AuthError(
    'dpop_unavailable',
    DEV &&
      'DPoP needs WebCrypto (https or localhost) and IndexedDB, and this browser lacks one: pass dpop({ fallback: "bearer" }) to sign in with bearer tokens instead.',
    { step: 'sign_in', cause },
  );

/**
 * Turns DPoP on (RFC 9449): `createAuthClient({ ..., dpop: dpop() })`. The access and refresh
 * tokens are then bound to a P-256 key pair whose private key the page cannot export, kept in
 * IndexedDB (in memory with `storage: 'memory'`) so that a reload keeps the binding; tabs of the
 * origin share it, and it is deleted when the session ends. Token requests carry proofs, the
 * authorization request binds the code to the key (`dpop_jkt`), and `client.fetch` sends
 * `Authorization: DPoP` with a proof to the `apiOrigins`. A module apart: apps without it ship none
 * of this. Returns undefined with `fallback: 'bearer'` in a browser that cannot keep a key.
 */
export function dpop(options: DpopOptions = {}): Dpop | undefined {
  if ('client_id' in options) {
    throw new AuthError('invalid_settings', DEV && 'Write `dpop: dpop()`, not `dpop: dpop`.', {
      step: 'settings',
    });
  }
  const able = typeof crypto !== 'undefined' && !!crypto.subtle && !!indexedDbOrUndefined();
  if (!able && options.fallback === 'bearer') return undefined;
  return ({ client_id, authority, storage }) => {
    const store = proofKeyStore(
      `${client_id}@${authority}`,
      client_id,
      storage === 'memory' ? undefined : indexedDbOrUndefined(),
    );
    const nonces = new Map<string, string>();
    // No key store here: every use rejects dpop_unavailable, so nothing goes out as a bare bearer token.
    const checked =
      <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (!able) throw unavailable();
        try {
          return await work(...args);
        } catch (cause) {
          throw cause instanceof AuthError ? cause : unavailable(cause);
        }
      };
    const guarded = {
      ...store,
      get: checked(store.get),
      set: checked(store.set),
      getAllKeys: checked(store.getAllKeys),
      remove: checked(store.remove),
    };
    const sign = checked(
      async (htm: string, htu: string, token: string, nonce: string | undefined) =>
        signProof(await store.keys(), htm, htu, token, nonce),
    );
    return {
      jkt: checked(async () => keyThumbprint(await store.keys())),
      // Cast: oidc-client-ts's store type has no getAllKeys and a `get` that always finds (see dpop-keys.ts).
      oidc: { store: guarded as unknown as DpopBinding['oidc']['store'] },
      fetch: dpopTransport(sign, nonces),
      async forget() {
        nonces.clear();
        if (able) await store.remove();
      },
    };
  };
}
