import { idbRequest, idbTransaction } from './idb';
import { newProofKeys } from './dpop-proof';

/** What oidc-client-ts keeps per client: the key pair and the token endpoint's last nonce. */
export interface ProofKeyState {
  keys: CryptoKeyPair;
  nonce?: string | undefined;
}

/**
 * What oidc-client-ts calls on its DPoP store (under the client_id; `getAllKeys` too, which its
 * type lacks, and `get` may find nothing, which its type denies), holding one entry: this
 * session's key pair.
 */
export interface ProofKeyStore {
  getAllKeys(): Promise<string[]>;
  get(): Promise<ProofKeyState | undefined>;
  set(key: string, value: ProofKeyState): Promise<void>;
  /** Deletes the entry. (oidc-client-ts's type returns the old state; only its UserManager, which
   * Sesame does not use, calls remove, and ignores that answer: no read before the delete.) */
  remove(): Promise<void>;
  /** The key pair, made and stored first when there is none. */
  keys(): Promise<CryptoKeyPair>;
}

/**
 * The store for entry `name` (oidc-client-ts asks for `clientId`'s): in IndexedDB (`factory`), so that a reload and every tab of the origin
 * use the same key, or (no factory: `storage: 'memory'`, where tokens die with the page anyway) in
 * this page's memory. Written here rather than with oidc-client-ts's IndexedDbDPoPStore, which opens
 * the database on every call (a resource request needs the key each time) and names the entry by
 * client_id alone. Concurrent first uses make one key pair.
 */
export function proofKeyStore(
  name: string,
  clientId: string,
  factory: IDBFactory | undefined,
): ProofKeyStore {
  let memory: ProofKeyState | undefined;
  let making: Promise<CryptoKeyPair> | undefined;
  const run = <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => Promise<T>) =>
    idbTransaction(factory!, 'dpop', mode, work);
  const get = (): Promise<ProofKeyState | undefined> =>
    factory
      ? run('readonly', (store) => idbRequest(store.get(name) as IDBRequest<ProofKeyState>))
      : Promise.resolve(memory);
  const set = async (_key: string, value: ProofKeyState) => {
    // A plain object: IndexedDB clones CryptoKeys (still non-extractable), not class instances' prototypes.
    const state = { keys: value.keys, nonce: value.nonce };
    if (factory) await run('readwrite', async (store) => void store.put(state, name));
    else memory = state;
  };
  const store: ProofKeyStore = {
    get,
    set,
    async getAllKeys() {
      return (await get()) ? [clientId] : [];
    },
    async remove() {
      if (factory) await run('readwrite', async (each) => void each.delete(name));
      else memory = undefined;
    },
    keys: () =>
      (making ??= (async () => {
        const existing = (await get())?.keys;
        if (existing) return existing;
        const keys = await newProofKeys();
        await set(name, { keys });
        return keys;
      })().finally(() => {
        making = undefined;
      })),
  };
  return store;
}
