import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCache, tokenFingerprint } from './token-cache.js';

describe('tokenFingerprint', () => {
  it('is a stable SHA-256 digest that does not contain the token', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';
    const fingerprint = tokenFingerprint(token);
    expect(fingerprint).toBe(tokenFingerprint(token));
    expect(fingerprint).not.toContain('payload');
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fingerprint).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(tokenFingerprint(`${token}x`)).not.toBe(fingerprint);
  });
});

describe('TokenCache', () => {
  it('forgets entries at their expiry and drops the oldest beyond its size cap', () => {
    let now = 1_000;
    const cache = new TokenCache<string>({ maxEntries: 2, now: () => now });
    cache.set('a', 'A', 2_000);
    cache.set('b', 'B', 5_000);
    expect(cache.get('a')).toBe('A');
    now = 2_000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('c', 'C', 5_000);
    cache.set('d', 'D', 5_000);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('d')).toBe('D');
    cache.set('e', 'E', 1_500); // already expired: not stored
    expect(cache.get('e')).toBeUndefined();
  });
});
