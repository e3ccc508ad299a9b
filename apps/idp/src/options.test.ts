import { describe, expect, it } from 'vitest';
import { BANK_API_AUDIENCE } from './constants';
import { IdpError } from './errors';
import { resolveOptions } from './options';
import { start } from './start';

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const options = resolveOptions();
    expect(options).toMatchObject({
      port: 4000,
      issuer: undefined,
      accessTokenTtl: 300,
      refreshTokenTtl: 8 * 3600,
      idTokenTtl: 3600,
      tokenFormat: 'jwt',
      apiAudience: BANK_API_AUDIENCE,
      signingAlg: 'RS256',
      admin: false,
      dpop: false,
      dpopNonce: false,
    });
    expect(options.corsOrigins).toEqual(['http://127.0.0.1:5173', 'http://localhost:5173']);
  });

  it('derives CORS origins from extra clients too, unless given', () => {
    const derived = resolveOptions({
      clients: [{ client_id: 'spa', redirect_uris: ['http://127.0.0.1:3000/cb'] }],
    });
    expect(derived.corsOrigins).toContain('http://127.0.0.1:3000');
    expect(resolveOptions({ corsOrigins: ['http://a.test:1/x'] }).corsOrigins).toEqual([
      'http://a.test:1',
    ]);
  });

  it.each([
    [{ port: -1 }, /port/],
    [{ port: 70000 }, /port/],
    [{ accessTokenTtl: 0 }, /accessTokenTtl/],
    [{ refreshTokenTtl: 1.5 }, /refreshTokenTtl/],
    [{ tokenFormat: 'paseto' as never }, /tokenFormat/],
    [{ signingAlg: 'HS256' as never }, /signingAlg/],
    [{ issuer: 'http://127.0.0.1:4000/oidc' }, /issuer must be an origin/],
    [{ issuer: 'http://127.0.0.1:4000/?x=1' }, /query/],
    [{ issuer: 'not a url' }, /issuer must be an absolute URL/],
    [{ dashboardRedirectUris: ['javascript:alert(1)'] }, /http or https/],
    [{ clients: [{ client_id: '' }] }, /client_id/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(IdpError);
    expect(() => resolveOptions(options)).toThrow(message);
  });

  it('normalises the issuer to its origin', () => {
    expect(resolveOptions({ issuer: 'http://localhost:4000/' }).issuer).toBe(
      'http://localhost:4000',
    );
  });
});

describe('start', () => {
  it('rejects with listen_failed when the port is taken, and with invalid_options on bad clients', async () => {
    const first = await start({ port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      await expect(start({ port })).rejects.toMatchObject({ code: 'listen_failed' });
      await expect(
        start({
          port: 0,
          clients: [
            {
              client_id: 'x',
              redirect_uris: ['http://a.test/cb'],
              token_endpoint_auth_method: 'none',
              grant_types: ['nonsense'],
            },
          ],
        }),
      ).rejects.toMatchObject({
        code: 'invalid_options',
        message: expect.stringMatching(/grant_types/),
      });
    } finally {
      await first.stop();
    }
  });

  it('uses a configured issuer and stops twice without error', async () => {
    const idp = await start({ port: 0, issuer: 'http://localhost:4999' });
    expect(idp.issuer).toBe('http://localhost:4999');
    await idp.stop();
    await expect(idp.stop()).resolves.toBeUndefined();
  });
});
