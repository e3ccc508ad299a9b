import { describe, expect, it } from 'vitest';
import { tokenTimes } from './clock';
import { mustRefresh, nextRetryDelay, staleAt } from './freshness';

const NOW = Date.UTC(2030, 0, 1, 12); // epoch ms
const NOW_S = NOW / 1000;
const MARGIN = 30;
/** An unsigned JWT with these claims: the clock logic only reads them. */
const jwt = (claims: Record<string, unknown>) =>
  [{ alg: 'RS256' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.') + '.sig';

describe('staleAt', () => {
  it.each([
    { expiresAt: NOW_S + 300, margin: 30, stale: NOW + 270_000 },
    { expiresAt: NOW_S + 300, margin: 0, stale: NOW + 300_000 },
    { expiresAt: NOW_S + 10, margin: 30, stale: NOW - 20_000 }, // shorter-lived than the margin: stale at once
    { expiresAt: undefined, margin: 30, stale: Infinity }, // the IdP gave no expiry
  ])('expiry $expiresAt, margin $margin s → $stale', ({ expiresAt, margin, stale }) => {
    expect(staleAt(expiresAt, margin)).toBe(stale);
  });
});

describe('mustRefresh', () => {
  const expiresAt = NOW_S + 300; // stale at NOW + 270 s
  it.each([
    { name: 'well before the margin', now: NOW, force: undefined, refresh: false },
    { name: '1 ms before the margin', now: NOW + 269_999, force: undefined, refresh: false },
    { name: 'exactly at the margin', now: NOW + 270_000, force: undefined, refresh: true },
    {
      name: 'inside the margin, not yet expired',
      now: NOW + 290_000,
      force: undefined,
      refresh: true,
    },
    { name: 'expired', now: NOW + 301_000, force: undefined, refresh: true },
    { name: 'fresh, forceRefresh: true', now: NOW, force: true, refresh: true },
    { name: 'fresh, forceRefresh: false', now: NOW, force: false, refresh: false },
    {
      name: 'fresh, this token was rejected',
      now: NOW,
      force: { rejectedToken: 'tok' },
      refresh: true,
    },
    {
      name: 'fresh, an older token was rejected (already refreshed)',
      now: NOW,
      force: { rejectedToken: 'older' },
      refresh: false,
    },
    {
      name: 'stale, an older token was rejected',
      now: NOW + 280_000,
      force: { rejectedToken: 'older' },
      refresh: true,
    },
  ] as const)('$name → $refresh', ({ now, force, refresh }) => {
    expect(mustRefresh('tok', expiresAt, MARGIN, now, force)).toBe(refresh);
  });

  it('never refreshes a token without expiry unless forced', () => {
    expect(mustRefresh('tok', undefined, MARGIN, NOW + 1e12)).toBe(false);
    expect(mustRefresh('tok', undefined, MARGIN, NOW, true)).toBe(true);
  });

  // The skew is applied once, when the token arrives (clock.ts); freshness then reads local time.
  it.each([
    { skew: 0, expiresIn: undefined },
    { skew: 300, expiresIn: undefined }, // the IdP's clock 5 minutes ahead of ours
    { skew: -300, expiresIn: undefined }, // 5 minutes behind
    { skew: 300, expiresIn: 300 }, // expires_in: local by construction, the skew changes nothing
    { skew: -3600, expiresIn: 300 },
  ])(
    'a 300 s token is fresh for 270 s of local time, IdP clock off by $skew s (expires_in $expiresIn)',
    ({ skew, expiresIn }) => {
      const iat = NOW_S + skew;
      const response = {
        access_token: jwt({ iat, exp: iat + 300 }),
        ...(expiresIn && { expires_at: NOW_S + expiresIn }),
      };
      const { expires_at } = tokenTimes(response, undefined, undefined, NOW);
      expect(mustRefresh('tok', expires_at, MARGIN, NOW)).toBe(false);
      expect(mustRefresh('tok', expires_at, MARGIN, NOW + 269_999)).toBe(false);
      expect(mustRefresh('tok', expires_at, MARGIN, NOW + 270_000)).toBe(true);
    },
  );
});

describe('nextRetryDelay', () => {
  it.each([
    { failures: 1, low: 1600, mid: 2000, high: 2400 },
    { failures: 2, low: 3200, mid: 4000, high: 4800 },
    { failures: 3, low: 6400, mid: 8000, high: 9600 },
    { failures: 4, low: 12_800, mid: 16_000, high: 19_200 },
    { failures: 5, low: 24_000, mid: 30_000, high: 36_000 }, // capped: 32 s → 30 s
    { failures: 50, low: 24_000, mid: 30_000, high: 36_000 },
  ])('after $failures failures: $mid ms ±20 %', ({ failures, low, mid, high }) => {
    expect(nextRetryDelay(failures, 0)).toBe(low);
    expect(nextRetryDelay(failures, 0.5)).toBe(mid);
    expect(nextRetryDelay(failures, 0.999_999)).toBeCloseTo(high, 0);
  });

  it('keeps a 75 s outage to at most 8 token requests, whatever the jitter', () => {
    for (const random of [0, 0.5, 0.999_999]) {
      let at = 0;
      let requests = 1; // the first failure
      for (let failures = 1; (at += nextRetryDelay(failures, random)) <= 75_000; failures++) {
        requests++;
      }
      expect(requests).toBeLessThanOrEqual(8);
    }
  });
});
