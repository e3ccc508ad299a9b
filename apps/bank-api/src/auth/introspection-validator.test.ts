import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE } from '../options.js';
import {
  ALL_SCOPES,
  INTROSPECTION_CLIENT,
  startFakeIssuer,
  type FakeIssuer,
} from '../test-support/fake-issuer.js';
import { DiscoveryClient } from './discovery.js';
import { IntrospectionAccessTokenValidator } from './introspection-validator.js';
import { TokenError } from './token-error.js';

let idp: FakeIssuer;
let clock: number;
let counter = 0;

function validator(credentials = INTROSPECTION_CLIENT, cacheTtlSeconds = 60) {
  return new IntrospectionAccessTokenValidator({
    discovery: new DiscoveryClient({ issuer: idp.issuer, retryAfterMs: 0 }),
    issuer: idp.issuer,
    audience: DEFAULT_AUDIENCE,
    ...credentials,
    clockToleranceSeconds: 5,
    cacheTtlSeconds,
    now: () => clock,
  });
}

/** Registers a fresh opaque token whose introspection answer has these overrides. */
function opaque(overrides: Record<string, unknown> = {}): string {
  counter += 1;
  const token = `opaque-token-${counter}-${'x'.repeat(20)}`;
  const now = Math.floor(clock / 1000);
  idp.registerOpaque(token, {
    active: true,
    token_type: 'Bearer',
    iss: idp.issuer,
    aud: DEFAULT_AUDIENCE,
    sub: 'usr_john_smith',
    client_id: 'sesame-dashboard',
    scope: ALL_SCOPES,
    iat: now,
    exp: now + 300,
    ...overrides,
  });
  return token;
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).reason;
}

beforeAll(async () => {
  idp = await startFakeIssuer();
});
afterAll(async () => {
  await idp.stop();
});
beforeEach(() => {
  clock = Date.now();
});

describe('IntrospectionAccessTokenValidator', () => {
  it('accepts an active token, authenticating with HTTP Basic client credentials', async () => {
    const result = await validator().validate(opaque());
    expect(result).toMatchObject({ sub: 'usr_john_smith', clientId: 'sesame-dashboard' });
    expect(result.scopes.has('transfers:write')).toBe(true);
    const expected = Buffer.from('bank-api:bank-api-secret').toString('base64');
    expect(idp.introspectionAuth.at(-1)).toBe(`Basic ${expected}`);
    expect(idp.introspectionBodies.at(-1)?.get('token_type_hint')).toBe('access_token');
  });

  it('carries the DPoP binding an introspection answer names (RFC 9449 §6.2 cnf.jkt)', async () => {
    expect((await validator().validate(opaque({ cnf: { jkt: 'thumb' } }))).jkt).toBe('thumb');
    expect((await validator().validate(opaque())).jkt).toBeUndefined();
  });

  it('refuses an inactive (revoked, unknown) token', async () => {
    const token = opaque();
    idp.revoke(token);
    expect(await reason(validator().validate(token))).toBe('token_inactive');
    expect(await reason(validator().validate('never-issued'))).toBe('token_inactive');
  });

  it.each([
    ['another audience', { aud: 'https://other.example' }, 'audience_mismatch'],
    ['no audience', { aud: undefined }, 'audience_mismatch'],
    ['another issuer', { iss: 'https://evil.example' }, 'issuer_mismatch'],
    ['a refresh token', { token_type: 'refresh_token' }, 'wrong_token_type'],
    ['no sub', { sub: undefined }, 'missing_claim'],
    ['no exp', { exp: undefined }, 'missing_claim'],
    ['an exp in the past', { exp: 1_000 }, 'token_expired'],
  ])('refuses an active token with %s', async (_name, overrides, expected) => {
    expect(await reason(validator().validate(opaque(overrides)))).toBe(expected);
  });

  it('accepts an audience list that contains the API', async () => {
    const token = opaque({ aud: ['https://other.example', DEFAULT_AUDIENCE] });
    await expect(validator().validate(token)).resolves.toMatchObject({ sub: 'usr_john_smith' });
  });

  it('reports wrong client credentials as unavailable, not as a bad token', async () => {
    const v = validator({ clientId: 'bank-api', clientSecret: 'wrong' });
    expect(await reason(v.validate(opaque()))).toBe('validation_unavailable');
  });

  it('caches a positive answer for at most cacheTtlSeconds', async () => {
    const v = validator(INTROSPECTION_CLIENT, 60);
    const token = opaque({ exp: Math.floor(clock / 1000) + 3600 });
    const before = idp.counters.introspection;
    await v.validate(token);
    await v.validate(token);
    expect(idp.counters.introspection).toBe(before + 1);
    clock += 61_000;
    await v.validate(token);
    expect(idp.counters.introspection).toBe(before + 2);
  });

  it('never caches past the token expiry, even within the TTL', async () => {
    const v = validator(INTROSPECTION_CLIENT, 60);
    const token = opaque({ exp: Math.floor(clock / 1000) + 10 });
    await v.validate(token);
    idp.revoke(token);
    clock += 11_000;
    expect(await reason(v.validate(token))).toBe('token_inactive');
  });

  it('sees a revocation once the cached answer is gone', async () => {
    const v = validator(INTROSPECTION_CLIENT, 0);
    const token = opaque();
    await v.validate(token);
    idp.revoke(token);
    expect(await reason(v.validate(token))).toBe('token_inactive');
  });

  it('shares one introspection call between concurrent requests with the same token', async () => {
    const v = validator();
    const token = opaque();
    const before = idp.counters.introspection;
    await Promise.all(Array.from({ length: 10 }, () => v.validate(token)));
    expect(idp.counters.introspection).toBe(before + 1);
  });

  it('does not cache refusals', async () => {
    const v = validator();
    const before = idp.counters.introspection;
    await reason(v.validate('unknown-token'));
    await reason(v.validate('unknown-token'));
    expect(idp.counters.introspection).toBe(before + 2);
  });
});
