import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fapiProfileOf } from './bff-client';
import { generateBffClientKeys } from './bff-keys';
import { BFF_CLIENT_ID, DASHBOARD_CLIENT_ID } from './constants';
import { IdpError } from './errors';
import { resolveOptions } from './options';
import { start } from './start';

describe('generateBffClientKeys', () => {
  it.each(['ES256', 'PS256'] as const)(
    'makes a %s pair: a private JWK for the BFF, its public half as a JWKS, one kid',
    async (alg) => {
      const { privateJwk, publicJwks } = await generateBffClientKeys(alg);
      const [publicJwk] = publicJwks.keys;
      expect(publicJwks.keys).toHaveLength(1);
      expect(privateJwk).toMatchObject({ alg, use: 'sig', kid: publicJwk?.kid });
      expect(privateJwk.d).toBeTruthy();
      expect(publicJwk).toMatchObject({ alg, use: 'sig' });
      expect(publicJwk).not.toHaveProperty('d');
      expect(publicJwk?.kid).toMatch(/^[\w-]{43}$/);
    },
  );
});

describe('the bff option', async () => {
  const { privateJwk, publicJwks } = await generateBffClientKeys();

  it('is off by default', () => {
    expect(resolveOptions().bff).toBeUndefined();
  });

  it('takes the JWKS itself, inline JSON or a file path, with the demo URIs by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-idp-bff-'));
    const path = join(dir, 'bff.jwks.json');
    writeFileSync(path, JSON.stringify(publicJwks));
    for (const given of [publicJwks, JSON.stringify(publicJwks), path]) {
      expect(resolveOptions({ bff: { publicJwks: given } }).bff).toEqual({
        publicJwks,
        authSigningAlg: 'ES256',
        redirectUris: ['http://127.0.0.1:5173/bff/callback', 'http://localhost:5173/bff/callback'],
        postLogoutRedirectUris: ['http://127.0.0.1:5173/', 'http://localhost:5173/'],
        backchannelLogoutUri: 'http://127.0.0.1:5173/bff/backchannel-logout',
      });
    }
  });

  it.each([
    [{ keys: [] }, /at least one public key/],
    [{}, /must be a JWKS/],
    [{ keys: ['x'] }, /not an object/],
    [{ keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] }, /same "alg"/],
    [{ keys: [{ kty: 'RSA', n: 'n', e: 'AQAB', alg: 'RS256' }] }, /ES256, PS256/],
    [{ keys: [{ kty: 'oct', k: 'c2VjcmV0', alg: 'HS256' }] }, /private or secret/],
  ])('refuses the JWKS %j', (jwks, message) => {
    expect(() => resolveOptions({ bff: { publicJwks: jwks as never } })).toThrow(IdpError);
    expect(() => resolveOptions({ bff: { publicJwks: jwks as never } })).toThrow(message);
  });

  it('refuses a private key in the JWKS (it must stay with the BFF), keys of two algorithms, a bad file, bad URIs', async () => {
    const ps256 = await generateBffClientKeys('PS256');
    const cases: [unknown, RegExp][] = [
      [{ publicJwks: { keys: [privateJwk] } }, /private or secret key material/],
      [{ publicJwks: { keys: [...publicJwks.keys, ...ps256.publicJwks.keys] } }, /same "alg"/],
      [{ publicJwks: '/nonexistent/bff.jwks.json' }, /cannot read the file/],
      [{ publicJwks: '{ not json' }, /not valid JSON/],
      [{ publicJwks, redirectUris: ['javascript:alert(1)'] }, /http or https/],
      [{ publicJwks, postLogoutRedirectUris: ['http://a.test/#x'] }, /fragment/],
    ];
    for (const [bff, message] of cases) {
      expect(() => resolveOptions({ bff: bff as never })).toThrow(message);
    }
  });

  it('fails at start when the provider refuses the client (no redirect URI)', async () => {
    await expect(start({ port: 0, bff: { publicJwks, redirectUris: [] } })).rejects.toMatchObject({
      code: 'invalid_options',
      message: /redirect_uris/,
    });
  });
});

describe('fapiProfileOf', () => {
  it('puts the BFF client under FAPI 2.0 and no other client', () => {
    expect(fapiProfileOf(undefined, { clientId: BFF_CLIENT_ID })).toBe('2.0');
    expect(fapiProfileOf(undefined, { clientId: DASHBOARD_CLIENT_ID })).toBeUndefined();
    expect(fapiProfileOf(undefined, undefined)).toBeUndefined();
  });
});
