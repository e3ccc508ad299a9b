/** A fresh Idempotency-Key: one per submission, kept for its retries, never reused for another. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
