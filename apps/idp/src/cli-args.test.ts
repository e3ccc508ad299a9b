import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';
import { IdpError } from './errors';

describe('parseCliArgs', () => {
  it('reads flags', () => {
    const cli = parseCliArgs([
      '--port',
      '0',
      '--access-token-ttl',
      '30',
      '--refresh-token-ttl',
      '600',
      '--token-format',
      'opaque',
      '--signing-alg',
      'ES256',
      '--admin',
      '--quiet',
    ]);
    expect(cli).toEqual({
      idp: {
        port: 0,
        accessTokenTtl: 30,
        refreshTokenTtl: 600,
        tokenFormat: 'opaque',
        signingAlg: 'ES256',
        admin: true,
      },
      quiet: true,
      help: false,
    });
  });

  it('falls back to SESAME_IDP_* variables, flags winning', () => {
    const cli = parseCliArgs(['--port', '4100'], {
      SESAME_IDP_PORT: '4200',
      SESAME_IDP_ACCESS_TOKEN_TTL: '60',
      SESAME_IDP_ADMIN: '1',
      SESAME_IDP_ISSUER: 'http://localhost:4100',
    });
    expect(cli.idp).toEqual({
      port: 4100,
      accessTokenTtl: 60,
      admin: true,
      issuer: 'http://localhost:4100',
    });
  });

  it('reads the DPoP switches from flags or SESAME_IDP_DPOP / SESAME_IDP_DPOP_NONCE', () => {
    expect(parseCliArgs(['--dpop', '--dpop-nonce']).idp).toEqual({ dpop: true, dpopNonce: true });
    expect(parseCliArgs([], { SESAME_IDP_DPOP: '1' }).idp).toEqual({ dpop: true });
    expect(parseCliArgs([], { SESAME_IDP_DPOP: 'true', SESAME_IDP_DPOP_NONCE: '1' }).idp).toEqual({
      dpop: true,
      dpopNonce: true,
    });
    expect(parseCliArgs([], { SESAME_IDP_DPOP: '0' }).idp).toEqual({});
  });

  it('registers the BFF client with --bff-jwks (or SESAME_IDP_BFF_JWKS), its URIs repeatable or comma-separated', () => {
    expect(
      parseCliArgs([
        '--bff-jwks',
        '/tmp/bff.jwks.json',
        '--bff-redirect-uri',
        'http://127.0.0.1:3000/bff/callback',
        '--bff-redirect-uri',
        'http://localhost:3000/bff/callback',
        '--bff-post-logout-redirect-uri',
        'http://127.0.0.1:3000/',
      ]).idp,
    ).toEqual({
      bff: {
        publicJwks: '/tmp/bff.jwks.json',
        redirectUris: ['http://127.0.0.1:3000/bff/callback', 'http://localhost:3000/bff/callback'],
        postLogoutRedirectUris: ['http://127.0.0.1:3000/'],
      },
    });
    expect(
      parseCliArgs([], {
        SESAME_IDP_BFF_JWKS: '{"keys":[]}',
        SESAME_IDP_BFF_REDIRECT_URI: 'http://a.test/cb, http://b.test/cb',
      }).idp,
    ).toEqual({
      bff: { publicJwks: '{"keys":[]}', redirectUris: ['http://a.test/cb', 'http://b.test/cb'] },
    });
    expect(parseCliArgs([]).idp.bff).toBeUndefined();
  });

  it('refuses BFF redirect URIs without --bff-jwks', () => {
    expect(() => parseCliArgs(['--bff-redirect-uri', 'http://a.test/cb'])).toThrow(
      /need --bff-jwks/,
    );
  });

  it('has no admin endpoints and prints the log by default', () => {
    expect(parseCliArgs([])).toEqual({ idp: {}, quiet: false, help: false });
  });

  it('rejects unknown flags and non-numeric numbers with a typed error', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(IdpError);
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port must be a whole number/);
    expect(() => parseCliArgs(['--access-token-ttl', '-5'])).toThrow(IdpError);
  });
});
