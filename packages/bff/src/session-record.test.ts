import { describe, expect, it } from 'vitest';
import {
  isWellFormedId,
  pickClaims,
  randomId,
  sessionEnded,
  sessionKey,
  sessionTtl,
  tokenHasExpired,
  tokenIsStale,
  tokenTimes,
  touchedSession,
  type SessionRecord,
} from './session-record';

const session = (patch: Partial<SessionRecord> = {}): SessionRecord => ({
  v: 1,
  sub: 'u',
  claims: {},
  scopes: [],
  accessToken: 'at',
  accessTokenExpiresAt: 10_000,
  accessTokenRefreshAt: 9_000,
  refreshToken: 'rt',
  dpopKey: { publicJwk: {}, privateJwk: {} },
  createdAt: 0,
  absoluteExpiresAt: 100_000,
  idleExpiresAt: 50_000,
  ...patch,
});

describe('session ids and keys', () => {
  it('makes 32 random bytes, base64url, and only accepts that shape', () => {
    const id = randomId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomId()).not.toBe(id);
    expect(isWellFormedId(id)).toBe(true);
    expect(isWellFormedId(`${id}x`)).toBe(false);
    expect(isWellFormedId('a'.repeat(42))).toBe(false);
    expect(isWellFormedId(undefined)).toBe(false);
  });

  it('keys the store by a hash: the key does not hold the id', () => {
    const id = randomId();
    expect(sessionKey(id)).toMatch(/^session:[A-Za-z0-9_-]{43}$/);
    expect(sessionKey(id)).not.toContain(id);
    expect(sessionKey(id)).toBe(sessionKey(id));
  });
});

describe('session ends', () => {
  it('ends at the idle end or the absolute end, whichever comes first', () => {
    expect(sessionEnded(session(), 49_999)).toBe(false);
    expect(sessionEnded(session(), 50_000)).toBe(true);
    expect(sessionEnded(session({ idleExpiresAt: 200_000 }), 100_000)).toBe(true);
    expect(sessionTtl(session(), 40_000)).toBe(10_000);
    expect(sessionTtl(session(), 60_000)).toBe(1);
  });

  it('slides the idle end, writing at most once per step, never past the absolute end', () => {
    const idle = 30 * 60_000;
    const base = session({ idleExpiresAt: 1_000 + idle, absoluteExpiresAt: 10 * idle });
    expect(touchedSession(base, 1_000 + 59_999, idle)).toBeUndefined();
    expect(touchedSession(base, 1_000 + 60_000, idle)?.idleExpiresAt).toBe(61_000 + idle);
    const nearEnd = session({ idleExpiresAt: 5_000, absoluteExpiresAt: 6_000 });
    expect(touchedSession(nearEnd, 4_000, idle)).toBeUndefined();
    expect(
      touchedSession(session({ idleExpiresAt: 1, absoluteExpiresAt: 80_000 }), 2, idle)
        ?.idleExpiresAt,
    ).toBe(80_000);
  });
});

describe('token times', () => {
  it('refreshes margin before the end, but not before three quarters of the life', () => {
    expect(tokenTimes(1_000, 300, 30_000)).toEqual({ expiresAt: 301_000, refreshAt: 271_000 });
    expect(tokenTimes(1_000, 10, 30_000)).toEqual({ expiresAt: 11_000, refreshAt: 8_500 });
    expect(tokenTimes(1_000, undefined, 30_000)).toEqual({ expiresAt: null, refreshAt: null });
  });

  it('tells stale from expired', () => {
    expect(tokenIsStale(session(), 8_999)).toBe(false);
    expect(tokenIsStale(session(), 9_000)).toBe(true);
    expect(tokenHasExpired(session(), 9_000)).toBe(false);
    expect(tokenHasExpired(session(), 10_000)).toBe(true);
    const noExpiry = session({ accessTokenExpiresAt: null, accessTokenRefreshAt: null });
    expect(tokenIsStale(noExpiry, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(tokenHasExpired(noExpiry, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('pickClaims', () => {
  it('keeps the chosen claims that are present', () => {
    expect(
      pickClaims({ sub: 'u', name: 'N', nonce: 'n', at_hash: 'h', amr: ['pwd'] }, [
        'sub',
        'name',
        'amr',
        'email',
      ]),
    ).toEqual({ sub: 'u', name: 'N', amr: ['pwd'] });
  });
});
