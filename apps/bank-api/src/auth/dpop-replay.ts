/** What {@link DpopReplayCache.remember} found. */
export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

/**
 * Remembers the DPoP proof `jti`s seen while their proofs could still be accepted, so a captured
 * proof cannot be sent a second time (RFC 9449 §11.1). Bounded, and closed when full: expired
 * entries are swept first, and if every entry is still live a new proof is refused (`full`)
 * rather than an old entry forgotten, since forgetting one would let that proof be replayed while
 * it is still valid. (Filling it takes a valid token and its private key, sending more proofs per
 * acceptance window than `maxEntries`: that client is refused until entries expire.)
 */
export class DpopReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 250_000) {}

  /** Records `id` until `expiresAt` (seconds since the epoch), unless it is live already or the cache is full. */
  remember(id: string, expiresAt: number, now: number): ReplayVerdict {
    const known = this.seen.get(id);
    if (known !== undefined && known >= now) return 'replayed';
    if (this.seen.size >= this.maxEntries) this.sweep(now);
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(id, expiresAt);
    return 'fresh';
  }

  get size(): number {
    return this.seen.size;
  }

  // Entries are inserted in roughly increasing expiry order, so expired ones sit at the front.
  private sweep(now: number): void {
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt >= now) break;
      this.seen.delete(id);
    }
  }
}
