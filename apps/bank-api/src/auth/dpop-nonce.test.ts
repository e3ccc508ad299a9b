import { describe, expect, it } from 'vitest';
import { DpopNonces } from './dpop-nonce.js';

describe('DpopNonces', () => {
  it('accepts the current and the previous nonce, not older ones', () => {
    let now = 1000;
    const nonces = new DpopNonces(300, () => now);
    const first = nonces.current();
    expect(nonces.accepts(first)).toBe(true);
    expect(nonces.accepts('made-up')).toBe(false);
    now += 300;
    const second = nonces.current();
    expect(second).not.toBe(first);
    expect(nonces.accepts(first)).toBe(true);
    now += 300;
    expect(nonces.accepts(first)).toBe(false);
    expect(nonces.accepts(second)).toBe(true);
  });

  it('forgets every nonce after two idle periods', () => {
    let now = 0;
    const nonces = new DpopNonces(10, () => now);
    const first = nonces.current();
    now = 25;
    expect(nonces.accepts(first)).toBe(false);
  });
});
