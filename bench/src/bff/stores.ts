// The session stores the BFF rows are measured with, one BFF process (and one row) per store.
import { MemorySessionStore, type SessionStore } from '@sesame/bff';
import { redisSessionStore } from '@sesame/bff/redis';

/** Measured stores, in table order. */
export const BFF_STORES = ['memory', 'redis'] as const;
export type BffStoreName = (typeof BFF_STORES)[number];

/**
 * Stores still to come, shown as empty rows so the table keeps their place (none at the moment:
 * a new store goes in {@link BFF_STORES} and {@link makeSessionStore}).
 */
export const PENDING_STORES: readonly string[] = [];

/** Row labels of each store. */
export const STORE_LABELS: Record<BffStoreName, string> = {
  memory: 'in-memory store',
  redis: 'Redis store',
};

/** Where the Redis store keeps its sessions: the run's redis-server and its one secret. */
export interface RedisSettings {
  url: string;
  /** 32 random bytes in base64, drawn for the run, the same for every BFF sharing this Redis. */
  encryptionKey: string;
}

/** A store, its start-up probe (resolves once it can serve) and what to do when the BFF stops. */
export interface BenchSessionStore {
  store: SessionStore;
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The store a benchmark BFF keeps its sessions in; `redis` is required for the Redis store. */
export function makeSessionStore(name: BffStoreName, redis?: RedisSettings): BenchSessionStore {
  switch (name) {
    case 'memory':
      return { store: new MemorySessionStore(), ready: async () => {}, close: async () => {} };
    case 'redis': {
      if (!redis) throw new Error("The Redis store needs the run's Redis URL and key.");
      const store = redisSessionStore(redis);
      return { store, ready: () => store.ready(), close: () => store.close() };
    }
  }
}
