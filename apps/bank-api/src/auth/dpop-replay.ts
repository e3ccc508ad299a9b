/**
 * Remembers the DPoP proof `jti`s seen while their proofs could still be accepted, so a captured
 * proof cannot be sent a second time (RFC 9449 §11.1). Bounded: expired entries are swept first;
 * when still full, the oldest entry goes (a flood big enough to force that already needs a valid
 * token and its private key).
 */
export class DpopReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  /**
   * Records `id` until `expiresAt` (seconds since the epoch). Returns false, recording nothing,
   * when `id` was already recorded and has not expired.
   */
  remember(id: string, expiresAt: number, now: number): boolean {
    const known = this.seen.get(id);
    if (known !== undefined && known >= now) return false;
    this.sweep(now);
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    this.seen.set(id, expiresAt);
    return true;
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
