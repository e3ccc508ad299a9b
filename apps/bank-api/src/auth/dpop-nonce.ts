import { randomBytes } from 'node:crypto';

/**
 * Server-provided DPoP nonces (RFC 9449 §9). The current nonce rotates every `rotationSeconds`;
 * the previous one stays accepted so that requests in flight across a rotation still pass.
 */
export class DpopNonces {
  private currentNonce = newNonce();
  private previousNonce: string | undefined;
  private rotatedAt: number;

  constructor(
    private readonly rotationSeconds = 300,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.rotatedAt = this.now();
  }

  /** The nonce to hand out in `DPoP-Nonce`. */
  current(): string {
    const elapsed = this.now() - this.rotatedAt;
    if (elapsed >= 2 * this.rotationSeconds) {
      // Idle for two periods: the old current nonce is stale too.
      this.previousNonce = undefined;
      this.currentNonce = newNonce();
      this.rotatedAt = this.now();
    } else if (elapsed >= this.rotationSeconds) {
      this.rotate();
    }
    return this.currentNonce;
  }

  /** True for the current or the previous nonce. */
  accepts(nonce: string): boolean {
    const current = this.current();
    return nonce === current || (this.previousNonce !== undefined && nonce === this.previousNonce);
  }

  /** Starts a new period now (tests call it; the API rotates on its own). */
  rotate(): void {
    this.previousNonce = this.currentNonce;
    this.currentNonce = newNonce();
    this.rotatedAt = this.now();
  }
}

function newNonce(): string {
  return randomBytes(18).toString('base64url');
}
