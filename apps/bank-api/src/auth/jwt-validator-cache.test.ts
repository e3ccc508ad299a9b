import * as jose from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_AUDIENCE } from '../options.js';
import { startFakeIssuer, type FakeIssuer } from '../test-support/fake-issuer.js';
import { DiscoveryClient } from './discovery.js';
import { JwtAccessTokenValidator } from './jwt-validator.js';
import { TokenError } from './token-error.js';

// Counts real signature verifications: a cache hit must not reach jose at all.
vi.mock('jose', async (importOriginal) => {
  const original = await importOriginal<typeof jose>();
  return { ...original, jwtVerify: vi.fn(original.jwtVerify) };
});
const verifications = () => vi.mocked(jose.jwtVerify).mock.calls.length;

let idp: FakeIssuer;
const TOLERANCE_SECONDS = 5;

function validator(options: { maxCacheEntries?: number; now?: () => Date } = {}) {
  return new JwtAccessTokenValidator({
    discovery: new DiscoveryClient({ issuer: idp.issuer, retryAfterMs: 0 }),
    issuer: idp.issuer,
    audience: DEFAULT_AUDIENCE,
    clockToleranceSeconds: TOLERANCE_SECONDS,
    maxTokenAgeSeconds: 86_400,
    jwksCooldownSeconds: 0,
    jwksCacheMaxAgeSeconds: 600,
    ...options,
  });
}

async function refusal(promise: Promise<unknown>): Promise<TokenError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenError);
  return error as TokenError;
}

beforeAll(async () => {
  idp = await startFakeIssuer();
});
afterAll(async () => {
  await idp.stop();
});
beforeEach(() => {
  vi.mocked(jose.jwtVerify).mockClear();
  vi.useRealTimers();
});

describe('JwtAccessTokenValidator cache of verified tokens', () => {
  it('does not verify a token again on its second use, and returns the same result', async () => {
    const v = validator();
    const token = await idp.mint();
    const first = await v.validate(token);
    expect(verifications()).toBe(1);
    const second = await v.validate(token);
    expect(verifications()).toBe(1);
    expect(second).toBe(first);
    expect([...second.scopes]).toContain('accounts:read');
  });

  it('peek answers a cached token at once, and nothing for a token it has not verified', async () => {
    const v = validator();
    const token = await idp.mint();
    expect(v.peek(token)).toBeUndefined(); // no JWKS yet
    const validated = await v.validate(token);
    expect(v.peek(token)).toBe(validated);
    expect(v.peek(await idp.mint())).toBeUndefined();
    expect(verifications()).toBe(1);
  });

  it('peek defers to validate once the JWKS is stale or the entry expired', async () => {
    let now = Date.now();
    const v = validator({ now: () => new Date(now) });
    const exp = Math.floor(now / 1000) + 60;
    const token = await idp.mint({ claims: { exp } });
    await v.validate(token);
    now = exp * 1000;
    expect(v.peek(token)).toBeUndefined();
    now = Date.now();
    await v.validate(token);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 601_000 });
    expect(v.peek(token)).toBeUndefined();
  });

  it('never shares an entry between two tokens', async () => {
    const v = validator();
    const jane = await idp.mint({ claims: { sub: 'usr_jane', scope: 'accounts:read' } });
    const john = await idp.mint({ claims: { sub: 'usr_john', scope: 'transfers:write' } });
    const janeResult = await v.validate(jane);
    const johnResult = await v.validate(john);
    expect(verifications()).toBe(2);
    expect((await v.validate(jane)).sub).toBe('usr_jane');
    expect([...(await v.validate(john)).scopes]).toEqual(['transfers:write']);
    expect(verifications()).toBe(2);
    expect(johnResult).not.toBe(janeResult);
  });

  it('does not cache refusals', async () => {
    const v = validator();
    const token = await idp.mint({ signer: 'unpublished' });
    expect((await refusal(v.validate(token))).reason).toBe('signature_invalid');
    await refusal(v.validate(token));
    expect(verifications()).toBe(2);
  });

  it('verifies again at exp (within the clock tolerance) and refuses the token after it', async () => {
    let now = Date.now();
    const v = validator({ now: () => new Date(now) });
    const exp = Math.floor(now / 1000) + 60;
    const token = await idp.mint({ claims: { exp } });
    await v.validate(token);
    now = exp * 1000 - 1;
    await v.validate(token);
    expect(verifications()).toBe(1);
    // From exp on, the cache no longer answers; jose's tolerance still applies...
    now = exp * 1000;
    await expect(v.validate(token)).resolves.toMatchObject({ sub: 'usr_jane_doe' });
    expect(verifications()).toBe(2);
    // ...and past it the token is refused, although it was cached a minute ago.
    now = (exp + TOLERANCE_SECONDS + 1) * 1000;
    expect((await refusal(v.validate(token))).reason).toBe('token_expired');
  });

  it('evicts the oldest entry beyond its bound', async () => {
    const v = validator({ maxCacheEntries: 2 });
    const [a, b, c] = await Promise.all([idp.mint(), idp.mint(), idp.mint()]);
    for (const token of [a, b, c]) await v.validate(token as string);
    expect(verifications()).toBe(3);
    await v.validate(c as string);
    await v.validate(b as string);
    expect(verifications()).toBe(3);
    await v.validate(a as string);
    expect(verifications()).toBe(4);
  });

  it('is flushed when the JWKS changes: a token whose key was withdrawn is refused', async () => {
    const v = validator();
    const old = await idp.mint();
    await v.validate(old);
    await idp.rotateKeys();
    idp.retireOldKeys();
    // A token with the new kid makes jose refetch the JWKS, which no longer has the old key.
    await v.validate(await idp.mint());
    expect((await refusal(v.validate(old))).reason).toBe('signing_key_not_found');
  });

  it('keeps its entries when a refetch brings the same JWKS', async () => {
    const v = validator();
    const token = await idp.mint();
    await v.validate(token);
    // An unknown kid makes jose refetch; the JWKS it gets is unchanged.
    await refusal(v.validate(await idp.mint({ header: { kid: 'nobody' } })));
    const count = verifications();
    await v.validate(token);
    expect(verifications()).toBe(count);
  });

  it('verifies for real once the JWKS is stale, so a withdrawn key is noticed without a new kid', async () => {
    const v = validator();
    const old = await idp.mint({ claims: { exp: Math.floor(Date.now() / 1000) + 3600 } });
    await v.validate(old);
    await idp.rotateKeys();
    idp.retireOldKeys();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 601_000 });
    expect((await refusal(v.validate(old))).reason).toBe('signing_key_not_found');
  });
});
