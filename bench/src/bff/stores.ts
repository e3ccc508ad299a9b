// The session stores the BFF rows are measured with, one BFF process (and one row) per store.
import { MemorySessionStore, type SessionStore } from '@sesame/bff';

/**
 * Measured stores, in table order. Issue 20 (scale) adds `'redis'` here and its store in
 * {@link makeSessionStore}; the bff-proxy benchmark then prints a Redis row beside the memory one.
 */
export const BFF_STORES = ['memory'] as const;
export type BffStoreName = (typeof BFF_STORES)[number];

/**
 * Stores still to come, shown as empty rows so the table keeps their place. Issue 20 removes
 * `'Redis store (issue 20)'` from here when it adds `'redis'` to {@link BFF_STORES}.
 */
export const PENDING_STORES: readonly string[] = ['Redis store (issue 20)'];

/** Row labels of each store. */
export const STORE_LABELS: Record<BffStoreName, string> = {
  memory: 'in-memory store',
};

/** The store a benchmark BFF keeps its sessions in. */
export function makeSessionStore(name: BffStoreName): SessionStore {
  switch (name) {
    case 'memory':
      return new MemorySessionStore();
  }
}
