import { createHmac } from 'node:crypto';
import type { MetadataService } from 'oidc-client-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyJwsSignature } from './id-token-signature';

type Jwk = Record<string, string>;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const encoder = new TextEncoder();

/** A key pair as a provider has one: the private key signs, the public JWK is published. */
async function providerKey(alg: 'RS256' | 'PS256' | 'ES256' | 'EdDSA', kid: string) {
  const algorithm = {
    RS256: {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    PS256: {
      name: 'RSA-PSS',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
      saltLength: 32,
    },
    ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
    EdDSA: { name: 'Ed25519' },
  }[alg];
  const pair = (await crypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const jwk = { ...exported, kid, use: 'sig' } as unknown as Jwk;
  delete jwk.key_ops;
  delete jwk.ext;
  return {
    jwk,
    async sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
      const input = `${b64({ alg, kid, ...header })}.${b64(claims)}`;
      const signature = await crypto.subtle.sign(algorithm, pair.privateKey, encoder.encode(input));
      return `${input}.${Buffer.from(signature).toString('base64url')}`;
    },
  };
}

/** oidc-client-ts's MetadataService as the verifier uses it: a cached key set, refetched on reset. */
function keySet(...published: Jwk[][]) {
  let fetches = 0;
  let cached: Jwk[] | null = null;
  const service = {
    getSigningKeys: vi.fn(
      async () => (cached ??= published[Math.min(fetches++, published.length - 1)]!),
    ),
    resetSigningKeys: vi.fn(() => void (cached = null)),
  };
  return { service: service as unknown as MetadataService, fetches: () => fetches };
}

const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
const verify = (token: string, algs: string[] | undefined, keys: MetadataService) =>
  verifyJwsSignature(token, headerOf(token), algs, keys);
const claims = { iss: 'https://idp', sub: 'usr_jane_doe', aud: 'bank-dashboard' };
const ALL = ['RS256', 'PS256', 'ES256', 'EdDSA'];

afterEach(() => void vi.useRealTimers());

describe('verifyJwsSignature (WebCrypto against the provider JWKS)', () => {
  it.each(['RS256', 'PS256', 'ES256', 'EdDSA'] as const)('accepts a good %s token', async (alg) => {
    const key = await providerKey(alg, `${alg}-1`);
    const { service } = keySet([key.jwk]);
    expect(await verify(await key.sign(claims), ALL, service)).toBe(true);
  });

  it('refuses HS256 keyed with the client_id, even when discovery lists HS256', async () => {
    const rsa = await providerKey('RS256', 'k1');
    const input = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64(claims)}`;
    const forged = `${input}.${createHmac('sha256', 'bank-dashboard').update(input).digest('base64url')}`;
    const { service } = keySet([
      rsa.jwk,
      { kty: 'oct', kid: 'k1', k: Buffer.from('bank-dashboard').toString('base64url') },
    ]);
    expect(await verify(forged, ['RS256', 'HS256'], service)).toBe(false);
  });

  it('refuses an algorithm the discovery does not list, and anything but RS256 when it lists none', async () => {
    const es = await providerKey('ES256', 'ec');
    const rs = await providerKey('RS256', 'rsa');
    const { service } = keySet([es.jwk, rs.jwk]);
    expect(await verify(await es.sign(claims), ['RS256'], service)).toBe(false);
    expect(await verify(await es.sign(claims), undefined, service)).toBe(false);
    expect(await verify(await rs.sign(claims), undefined, service)).toBe(true);
  });

  it('refuses a tampered payload, a stripped signature and alg none', async () => {
    const key = await providerKey('ES256', 'ec');
    const { service } = keySet([key.jwk]);
    const [head, , signature] = (await key.sign(claims)).split('.');
    const tampered = `${head}.${b64({ ...claims, sub: 'usr_admin' })}.${signature}`;
    expect(await verify(tampered, ALL, service)).toBe(false);
    expect(await verify(`${head}.${b64(claims)}.`, ALL, service)).toBe(false);
    expect(
      await verify(`${b64({ alg: 'none', kid: 'ec' })}.${b64(claims)}.`, [...ALL, 'none'], service),
    ).toBe(false);
  });

  it('refuses a token whose alg does not fit the key its kid names (ES256 header, RSA key)', async () => {
    const rsa = await providerKey('RS256', 'k1');
    const token = await rsa.sign(claims);
    const { service } = keySet([rsa.jwk]);
    const [, payload, signature] = token.split('.');
    expect(
      await verify(`${b64({ alg: 'ES256', kid: 'k1' })}.${payload}.${signature}`, ALL, service),
    ).toBe(false);
  });

  it('an unknown kid refetches the JWKS once, then refuses; no second refetch within 30 s', async () => {
    const known = await providerKey('RS256', 'k1');
    const stranger = await providerKey('RS256', 'not-published');
    const keys = keySet([known.jwk]);
    expect(await verify(await known.sign(claims), ALL, keys.service)).toBe(true);
    expect(keys.fetches()).toBe(1);
    const token = await stranger.sign(claims);
    expect(await verify(token, ALL, keys.service)).toBe(false);
    expect(keys.fetches()).toBe(2);
    expect(await verify(token, ALL, keys.service)).toBe(false);
    expect(keys.fetches()).toBe(2);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
    expect(await verify(token, ALL, keys.service)).toBe(false);
    expect(keys.fetches()).toBe(3);
  });

  it('a key rotated in at the provider verifies after the one refetch', async () => {
    const old = await providerKey('RS256', 'k1');
    const rotated = await providerKey('ES256', 'k2');
    const keys = keySet([old.jwk], [old.jwk, rotated.jwk]);
    expect(await verify(await old.sign(claims), ALL, keys.service)).toBe(true);
    expect(await verify(await rotated.sign(claims), ALL, keys.service)).toBe(true);
    expect(keys.fetches()).toBe(2);
  });

  it('without a kid, tries each published key', async () => {
    const es = await providerKey('ES256', 'ec');
    const rs = await providerKey('RS256', 'rsa');
    const { service } = keySet([es.jwk, rs.jwk]);
    expect(await verify(await rs.sign(claims, { kid: undefined }), ALL, service)).toBe(true);
  });
});
