import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE } from '../options.js';
import { startFakeIssuer, type FakeIssuer, type MintOptions } from '../test-support/fake-issuer.js';
import { DiscoveryClient } from './discovery.js';
import { JwtAccessTokenValidator } from './jwt-validator.js';
import { TokenError, type TokenFailureReason } from './token-error.js';

let idp: FakeIssuer;

function validator(overrides: { cooldownSeconds?: number; issuer?: string } = {}) {
  const issuer = overrides.issuer ?? idp.issuer;
  return new JwtAccessTokenValidator({
    discovery: new DiscoveryClient({ issuer, retryAfterMs: 0 }),
    issuer,
    audience: DEFAULT_AUDIENCE,
    clockToleranceSeconds: 5,
    maxTokenAgeSeconds: 86_400,
    jwksCooldownSeconds: overrides.cooldownSeconds ?? 30,
    jwksCacheMaxAgeSeconds: 600,
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

describe('JwtAccessTokenValidator', () => {
  it('accepts a well-formed access token and returns its subject and scopes', async () => {
    const result = await validator().validate(await idp.mint());
    expect(result.sub).toBe('usr_jane_doe');
    expect([...result.scopes]).toContain('accounts:read');
    expect(result.clientId).toBe('sesame-dashboard');
    expect(result.jkt).toBeUndefined();
  });

  it('carries a DPoP binding (cnf.jkt) in the result, so the DPoP checks never decode the token', async () => {
    const bound = await validator().validate(await idp.mint({ claims: { cnf: { jkt: 'thumb' } } }));
    expect(bound.jkt).toBe('thumb');
    // A cnf.jkt no key can have: the token counts as bound, to a key nobody holds.
    const odd = await validator().validate(await idp.mint({ claims: { cnf: { jkt: 7 } } }));
    expect(odd.jkt).toBe('\u0000');
  });

  it.each(['es256', 'ps256'] as const)(
    'accepts the allowed asymmetric algorithm %s',
    async (signer) => {
      await expect(validator().validate(await idp.mint({ signer }))).resolves.toMatchObject({
        sub: 'usr_jane_doe',
      });
    },
  );

  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => MintOptions, TokenFailureReason, string][] = [
    [
      'expired',
      () => ({ claims: { iat: now() - 600, exp: now() - 60 } }),
      'token_expired',
      'token expired',
    ],
    [
      'nbf in the future',
      () => ({ claims: { nbf: now() + 120 } }),
      'token_not_yet_valid',
      'token not yet valid',
    ],
    [
      'iat in the future',
      () => ({ claims: { iat: now() + 120, exp: now() + 600 } }),
      'token_issued_in_future',
      'token issued in the future',
    ],
    [
      'issued too long ago',
      () => ({ claims: { iat: now() - 90_000, exp: now() + 60 } }),
      'token_too_old',
      'token too old',
    ],
    [
      'wrong issuer',
      () => ({ claims: { iss: 'https://evil.example' } }),
      'issuer_mismatch',
      'issuer mismatch',
    ],
    [
      'wrong audience',
      () => ({ claims: { aud: 'https://other.example/api' } }),
      'audience_mismatch',
      'audience mismatch',
    ],
    [
      'an ID token (typ JWT)',
      () => ({ header: { typ: 'JWT' }, claims: { aud: 'sesame-dashboard', nonce: 'n' } }),
      'wrong_token_type',
      'token type not at+jwt',
    ],
    [
      'no typ at all',
      () => ({ header: { typ: undefined } }),
      'wrong_token_type',
      'token type not at+jwt',
    ],
    ['alg none', () => ({ signer: 'none' }), 'algorithm_not_allowed', 'algorithm not allowed'],
    [
      'HS256 keyed with the public key',
      () => ({ signer: 'hs256-with-public-key' }),
      'algorithm_not_allowed',
      'algorithm not allowed',
    ],
    [
      'signed by another key under a published kid',
      () => ({ signer: 'unpublished' }),
      'signature_invalid',
      'signature verification failed',
    ],
    [
      'an unknown kid',
      () => ({ header: { kid: 'no-such-key' } }),
      'signing_key_not_found',
      'signing key not found',
    ],
    [
      'missing sub',
      () => ({ claims: { sub: undefined } }),
      'missing_claim',
      'required claim missing: sub',
    ],
    [
      'missing exp',
      () => ({ claims: { exp: undefined } }),
      'missing_claim',
      'required claim missing: exp',
    ],
    [
      'missing iat',
      () => ({ claims: { iat: undefined } }),
      'missing_claim',
      'required claim missing: iat',
    ],
    [
      'a non-numeric exp',
      () => ({ claims: { exp: 'tomorrow' } }),
      'malformed_token',
      'malformed token',
    ],
    ['an empty sub', () => ({ claims: { sub: '' } }), 'malformed_token', 'invalid sub claim'],
  ];

  it.each(cases)('refuses a token with %s', async (_name, options, reason, description) => {
    const error = await refusal(validator().validate(await idp.mint(options())));
    expect(error.reason).toBe(reason);
    expect(error.status).toBe(401);
    expect(error.oauthError).toBe('invalid_token');
    expect(error.description).toBe(description);
  });

  it('tolerates small clock skew on exp', async () => {
    const token = await idp.mint({ claims: { iat: now() - 100, exp: now() - 2 } });
    await expect(validator().validate(token)).resolves.toMatchObject({ sub: 'usr_jane_doe' });
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['three garbage segments', 'abc.def.ghi'],
    ['an empty string', ''],
    ['a truncated JWT', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'],
  ])('refuses %s as malformed', async (_name, token) => {
    const error = await refusal(validator().validate(token));
    expect(error.reason).toBe('malformed_token');
  });

  it('picks up a rotated key on an unknown kid (outside the refetch cooldown)', async () => {
    const v = validator({ cooldownSeconds: 0 });
    const beforeRotation = await idp.mint();
    await v.validate(beforeRotation);
    const fetchesBefore = idp.counters.jwks;
    await idp.rotateKeys();
    const rotated = await idp.mint();
    await expect(v.validate(rotated)).resolves.toMatchObject({ sub: 'usr_jane_doe' });
    expect(idp.counters.jwks).toBe(fetchesBefore + 1);
    // Tokens signed with the previous key stay valid while it is still published.
    await expect(v.validate(beforeRotation)).resolves.toMatchObject({ sub: 'usr_jane_doe' });
  });

  it('accepts a key rotated in right after its last JWKS fetch (waits out a short cooldown)', async () => {
    const v = validator({ cooldownSeconds: 1 });
    await v.validate(await idp.mint());
    const fetchesBefore = idp.counters.jwks;
    await idp.rotateKeys();
    await expect(v.validate(await idp.mint())).resolves.toMatchObject({ sub: 'usr_jane_doe' });
    expect(idp.counters.jwks).toBe(fetchesBefore + 1);
  });

  it('refetches once for a burst of unknown kids, and refuses them all', async () => {
    const v = validator({ cooldownSeconds: 1 });
    await v.validate(await idp.mint());
    const fetchesBefore = idp.counters.jwks;
    const bogus = await Promise.all(
      Array.from({ length: 10 }, (_, i) => idp.mint({ header: { kid: `burst-${i}` } })),
    );
    const results = await Promise.all(bogus.map((token) => refusal(v.validate(token))));
    expect(results.every((error) => error.reason === 'signing_key_not_found')).toBe(true);
    expect(idp.counters.jwks).toBe(fetchesBefore + 1);
  });

  it('does not refetch the JWKS for every unknown kid within a long cooldown', async () => {
    const v = validator({ cooldownSeconds: 30 });
    await v.validate(await idp.mint());
    const fetchesBefore = idp.counters.jwks;
    for (let i = 0; i < 5; i += 1) {
      const error = await refusal(v.validate(await idp.mint({ header: { kid: `bogus-${i}` } })));
      expect(error.reason).toBe('signing_key_not_found');
    }
    expect(idp.counters.jwks).toBe(fetchesBefore);
  });

  it('fetches discovery once and then reuses it', async () => {
    const v = validator();
    const before = idp.counters.discovery;
    for (let i = 0; i < 3; i += 1) await v.validate(await idp.mint());
    expect(idp.counters.discovery).toBe(before + 1);
  });

  it('answers validation_unavailable (not invalid_token) when discovery names another issuer', async () => {
    idp.patchDiscovery({ issuer: 'https://impostor.example' });
    try {
      const error = await refusal(validator().validate(await idp.mint()));
      expect(error.reason).toBe('validation_unavailable');
      expect(error.status).toBe(503);
    } finally {
      idp.patchDiscovery({});
    }
  });

  it('answers validation_unavailable while the IdP is down, and recovers after', async () => {
    const v = validator();
    const token = await idp.mint();
    idp.failWith(500);
    try {
      expect((await refusal(v.validate(token))).reason).toBe('validation_unavailable');
    } finally {
      idp.failWith(undefined);
    }
    await expect(v.validate(token)).resolves.toMatchObject({ sub: 'usr_jane_doe' });
  });
});
