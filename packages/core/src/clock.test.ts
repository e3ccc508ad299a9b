import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimateSkew, tokenTimes } from './clock';
import type { StoredUser } from './storage';
import { jwt, startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { resetBrowser, signedIn } from './testing/harness';

const NOW = Date.UTC(2030, 0, 1, 12); // epoch ms
const s = (ms: number) => Math.floor(ms / 1000);
const at = (claims: Record<string, unknown>) => jwt({ alg: 'RS256' }, claims);

describe('estimateSkew', () => {
  it("reads the IdP's clock from a JWT access token's iat", () => {
    expect(estimateSkew({ access_token: at({ iat: s(NOW) + 300 }) }, undefined, NOW)).toBe(300);
    expect(estimateSkew({ access_token: at({ iat: s(NOW) - 300 }) }, undefined, NOW)).toBe(-300);
  });

  it("falls back to a new ID token's iat, and knows nothing from an opaque token and an old ID token", () => {
    const idToken = at({ iat: s(NOW) - 120 });
    expect(estimateSkew({ access_token: 'opaque', id_token: idToken }, undefined, NOW)).toBe(-120);
    expect(estimateSkew({ access_token: 'opaque', id_token: idToken }, idToken, NOW)).toBe(
      undefined,
    );
    expect(estimateSkew({ access_token: 'opaque' }, undefined, NOW)).toBe(undefined);
  });
});

describe('tokenTimes', () => {
  it('keeps the local expires_at from expires_in, whatever the skew', () => {
    const times = tokenTimes(
      { access_token: at({ iat: s(NOW) + 300, exp: s(NOW) + 600 }), expires_at: s(NOW) + 300 },
      undefined,
      undefined,
      NOW,
    );
    expect(times).toEqual({ expires_at: s(NOW) + 300, skew: 300, session_expires_at: undefined });
  });

  it.each([300, -300])(
    "without expires_in, moves the JWT's exp into local time (IdP clock off by %i s)",
    (skew) => {
      const token = at({ iat: s(NOW) + skew, exp: s(NOW) + skew + 300 });
      expect(tokenTimes({ access_token: token }, undefined, undefined, NOW).expires_at).toBe(
        s(NOW) + 300,
      );
    },
  );

  it('takes the session end from refresh_expires_in, else sessionMaxAgeSeconds after auth_time', () => {
    const token = at({ iat: s(NOW) - 300 });
    expect(
      tokenTimes({ access_token: token, refresh_expires_in: 1800 }, undefined, 3600, NOW)
        .session_expires_at,
    ).toBe(s(NOW) + 1800);
    // auth_time 10 minutes ago in the IdP's clock, which is 5 minutes behind ours.
    const response = { access_token: token, profile: { auth_time: s(NOW) - 300 - 600 } };
    expect(tokenTimes(response, undefined, 3600, NOW).session_expires_at).toBe(s(NOW) - 600 + 3600);
    // Without auth_time the session starts with the code exchange.
    expect(tokenTimes({ access_token: token }, undefined, 3600, NOW).session_expires_at).toBe(
      s(NOW) + 3600,
    );
    // A refresh keeps the sign-in's end.
    const previous = { session_expires_at: 42, skew: -300 } as StoredUser;
    expect(tokenTimes({ access_token: 'opaque' }, previous, 3600, NOW)).toMatchObject({
      session_expires_at: 42,
      skew: -300,
    });
  });
});

describe('freshness with a client clock 5 minutes off the IdP', () => {
  let idp: FakeIdp | undefined;
  beforeEach(resetBrowser);
  afterEach(async () => {
    vi.useRealTimers();
    await idp?.stop();
  });

  // 300 s tokens, refreshed 30 s before expiry: fresh at +200 s, stale at +275 s (local time).
  it.each([
    [300, 'JWT access tokens without expires_in'],
    [-300, 'JWT access tokens without expires_in'],
    [300, 'opaque tokens with expires_in'],
    [-300, 'opaque tokens with expires_in'],
  ])('IdP clock %i s off, %s: refreshes at the right time', async (offset, kind) => {
    const jwtOnly = kind.startsWith('JWT');
    idp = await startFakeIdp({
      clockOffsetSeconds: offset,
      jwtAccessTokens: jwtOnly,
      omitExpiresIn: jwtOnly,
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const { client } = await signedIn(idp);
    const expiresAt = client.getSnapshot().user!.accessTokenExpiresAt;
    expect(Math.abs(expiresAt - (start + 300_000))).toBeLessThan(2000);

    vi.setSystemTime(start + 200_000);
    const first = await client.getAccessToken();
    expect(idp.counters.refresh_token).toBe(0);
    vi.setSystemTime(start + 275_000);
    const second = await client.getAccessToken();
    expect(idp.counters.refresh_token).toBe(1);
    expect(second).not.toBe(first);
    // The new token is fresh again in local time: no refresh on every call.
    await client.getAccessToken();
    expect(idp.counters.refresh_token).toBe(1);
  });
});
