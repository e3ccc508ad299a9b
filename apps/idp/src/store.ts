import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds after which the entry is gone; undefined = no expiry. */
  expiresAt: number | undefined;
}

/** Models whose records belong to a grant and die with it. */
const GRANT_BOUND = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

// Expired entries are dropped when read, and swept at most this often on writes, so a long demo run
// does not grow without bound and no timer has to be cleaned up.
const SWEEP_INTERVAL_MS = 60_000;

/**
 * All persistent state of the IdP (sessions, grants, codes, tokens, interactions) in one in-memory store.
 * It outlives any single oidc-provider instance, which is what lets key rotation swap in a new provider
 * without signing anyone out. Payloads are copied in and out, as a database would.
 */
export class MemoryStore {
  readonly #models = new Map<string, Map<string, Entry>>();
  readonly #sessionIdByUid = new Map<string, string>();
  readonly #membersByGrant = new Map<string, Set<string>>();
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** An oidc-provider adapter factory backed by this store. */
  adapterFactory(): (model: string) => Adapter {
    return (model) => new StoreAdapter(this, model);
  }

  get(model: string, id: string): AdapterPayload | undefined {
    const entry = this.#table(model).get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#now()) {
      this.delete(model, id);
      return undefined;
    }
    return structuredClone(entry.payload);
  }

  set(model: string, id: string, payload: AdapterPayload, expiresInSeconds?: number): void {
    this.#maybeSweep();
    this.delete(model, id);
    const expiresAt =
      expiresInSeconds === undefined ? undefined : this.#now() + expiresInSeconds * 1000;
    this.#table(model).set(id, { payload: structuredClone(payload), expiresAt });
    if (model === 'Session' && typeof payload.uid === 'string') {
      this.#sessionIdByUid.set(payload.uid, id);
    }
    if (GRANT_BOUND.has(model) && typeof payload.grantId === 'string') {
      const members = this.#membersByGrant.get(payload.grantId) ?? new Set();
      members.add(memberKey(model, id));
      this.#membersByGrant.set(payload.grantId, members);
    }
  }

  delete(model: string, id: string): void {
    const table = this.#table(model);
    const entry = table.get(id);
    if (!entry) return;
    table.delete(id);
    const { uid, grantId } = entry.payload;
    if (model === 'Session' && typeof uid === 'string' && this.#sessionIdByUid.get(uid) === id) {
      this.#sessionIdByUid.delete(uid);
    }
    if (GRANT_BOUND.has(model) && typeof grantId === 'string') {
      this.#membersByGrant.get(grantId)?.delete(memberKey(model, id));
    }
  }

  markConsumed(model: string, id: string): void {
    const entry = this.#table(model).get(id);
    if (entry) entry.payload.consumed = Math.floor(this.#now() / 1000);
  }

  sessionIdForUid(uid: string): string | undefined {
    return this.#sessionIdByUid.get(uid);
  }

  /** Deletes every code and token issued under a grant (not the grant itself). */
  deleteGrantMembers(grantId: string): void {
    for (const key of this.#membersByGrant.get(grantId) ?? []) {
      const [model = '', id = ''] = splitMemberKey(key);
      this.delete(model, id);
    }
    this.#membersByGrant.delete(grantId);
  }

  /** Ids of the live records of a model whose payload satisfies the predicate. */
  findIds(model: string, predicate: (payload: AdapterPayload) => boolean): string[] {
    const ids: string[] = [];
    for (const id of [...this.#table(model).keys()]) {
      const payload = this.get(model, id);
      if (payload && predicate(payload)) ids.push(id);
    }
    return ids;
  }

  /** Number of live records of a model (tests and diagnostics). */
  count(model: string): number {
    return this.findIds(model, () => true).length;
  }

  #table(model: string): Map<string, Entry> {
    let table = this.#models.get(model);
    if (!table) {
      table = new Map();
      this.#models.set(model, table);
    }
    return table;
  }

  #maybeSweep(): void {
    const now = this.#now();
    if (now - this.#lastSweep < SWEEP_INTERVAL_MS) return;
    this.#lastSweep = now;
    for (const [model, table] of this.#models) {
      for (const [id, entry] of [...table]) {
        if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.delete(model, id);
      }
    }
  }
}

const memberKey = (model: string, id: string): string => `${model}\u0000${id}`;
const splitMemberKey = (key: string): string[] => key.split('\u0000');

/** The adapter interface oidc-provider calls, one instance per model, all sharing one store. */
class StoreAdapter implements Adapter {
  readonly #store: MemoryStore;
  readonly #model: string;

  constructor(store: MemoryStore, model: string) {
    this.#store = store;
    this.#model = model;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.#store.set(this.#model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    // Clients come only from the static configuration: no dynamic lookup.
    if (this.#model === 'Client') return undefined;
    return this.#store.get(this.#model, id);
  }

  async findByUserCode(_userCode: string): Promise<AdapterPayload | undefined> {
    return undefined; // The device flow is not enabled.
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.#store.sessionIdForUid(uid);
    return id === undefined ? undefined : this.#store.get(this.#model, id);
  }

  async consume(id: string): Promise<void> {
    this.#store.markConsumed(this.#model, id);
  }

  async destroy(id: string): Promise<void> {
    this.#store.delete(this.#model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.#store.deleteGrantMembers(grantId);
  }
}
