import { describe, expect, it } from 'vitest';
import { newProofKeys, proofTarget, signProof, tokenHash } from './dpop-proof';

const decode = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

async function verifies(proof: string): Promise<boolean> {
  const [header, payload, signature] = proof.split('.');
  const key = await crypto.subtle.importKey(
    'jwk',
    decode(header!).jwk as JsonWebKey,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(signature!, 'base64url'),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

describe('DPoP proofs', () => {
  it('carry typ dpop+jwt, ES256 and only the public JWK, and verify with it', async () => {
    const keys = await newProofKeys();
    const proof = await signProof(keys, 'GET', 'https://api.example/accounts', 'tok', undefined);
    const header = decode(proof.split('.')[0]!);
    expect(header).toEqual({
      typ: 'dpop+jwt',
      alg: 'ES256',
      jwk: { kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) },
    });
    expect(JSON.stringify(header)).not.toContain('"d"');
    expect(await verifies(proof)).toBe(true);
    // A bent payload does not verify: the check above can fail.
    const [h, , s] = proof.split('.');
    const forged = `${h}.${Buffer.from('{"htm":"POST"}').toString('base64url')}.${s}`;
    expect(await verifies(forged)).toBe(false);
  });

  it('claims htm, htu, iat (seconds), a fresh jti, ath of the token, and the nonce when given', async () => {
    const keys = await newProofKeys();
    const now = Date.UTC(2026, 11, 3, 12, 0, 0, 900);
    const one = decode(
      (await signProof(keys, 'POST', 'https://api.example/t', 'token-1', 'n-1', now)).split(
        '.',
      )[1]!,
    );
    const two = decode(
      (await signProof(keys, 'POST', 'https://api.example/t', 'token-1', undefined, now)).split(
        '.',
      )[1]!,
    );
    expect(one).toEqual({
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      htm: 'POST',
      htu: 'https://api.example/t',
      iat: Math.floor(now / 1000),
      ath: await tokenHash('token-1'),
      nonce: 'n-1',
    });
    expect(two).not.toHaveProperty('nonce');
    expect(two.jti).not.toBe(one.jti);
  });

  it('ath is base64url SHA-256 of the token (RFC 9449 §4.2 example)', async () => {
    // The RFC's example token and its ath.
    expect(await tokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });

  it('htu drops query and fragment and normalises scheme, host and default port', () => {
    expect(proofTarget(new URL('HTTPS://API.Example:443/a/b?x=1#frag'))).toBe(
      'https://api.example/a/b',
    );
    expect(proofTarget(new URL('http://127.0.0.1:4100/accounts?limit=5'))).toBe(
      'http://127.0.0.1:4100/accounts',
    );
  });

  it('keys are P-256 with a private key that cannot be exported', async () => {
    const keys = await newProofKeys();
    expect(keys.privateKey.extractable).toBe(false);
    expect(keys.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', keys.privateKey)).rejects.toThrow();
  });
});
