import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { API_SCOPES, BANK_API_AUDIENCE, DASHBOARD_CLIENT_ID } from './constants';
import { jane, john, startTestIdp, verifyAccessToken, verifyIdToken } from './test-support';
import { obtainTokens } from './testing/flows';

describe('discovery and JWKS', async () => {
  const { idp, metadata } = await startTestIdp();

  it('serves discovery whose issuer is the running IdP, with only code + S256', () => {
    expect(idp.url).toBe(idp.issuer);
    expect(metadata.issuer).toBe(idp.issuer);
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    // The bank's scopes too (resource scopes, which oidc-provider alone would not list).
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', ...API_SCOPES]),
    );
    for (const endpoint of [
      'token_endpoint',
      'userinfo_endpoint',
      'revocation_endpoint',
      'introspection_endpoint',
      'end_session_endpoint',
    ]) {
      expect(metadata[endpoint], endpoint).toMatch(new RegExp(`^${idp.issuer}/`));
    }
  });

  it('publishes one public RS256 signing key and no private parts', async () => {
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof key?.kid).toBe('string');
    for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(key).not.toHaveProperty(privatePart);
  });
});

describe('authorization code + PKCE flow', async () => {
  const { idp, metadata } = await startTestIdp({ accessTokenTtl: 120 });
  const nonce = 'n-0S6_WzA2Mj';
  const tokens = await obtainTokens({ issuer: idp.issuer, user: jane, nonce });

  it('returns a bearer access token, an ID token and a refresh token', () => {
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(120);
    expect(typeof tokens.id_token).toBe('string');
    expect(typeof tokens.refresh_token).toBe('string');
  });

  it('issues an ID token for the dashboard with the nonce and the profile and email claims', async () => {
    const { payload, protectedHeader } = await verifyIdToken(tokens.id_token ?? '', metadata);
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: DASHBOARD_CLIENT_ID,
      sub: 'usr_jane_doe',
      nonce,
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      email_verified: true,
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('issues an RFC 9068 JWT access token for the bank API, verifiable against the JWKS', async () => {
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const { payload } = await verifyAccessToken(tokens.access_token, metadata);
    expect(payload.aud).toBe(BANK_API_AUDIENCE);
    expect(payload.sub).toBe('usr_jane_doe');
    expect(payload.client_id).toBe(DASHBOARD_CLIENT_ID);
    expect(typeof payload.jti).toBe('string');
    expect(payload.nbf).toBe(payload.iat);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
    expect(payload.scope?.split(' ').sort()).toEqual(['profile', ...API_SCOPES].sort());
  });

  it('gives each sign-in its own token identifiers', async () => {
    const other = await obtainTokens({ issuer: idp.issuer, user: john });
    expect(decodeJwt(other.access_token).jti).not.toBe(decodeJwt(tokens.access_token).jti);
    expect(decodeJwt(other.access_token).sub).toBe('usr_john_smith');
  });

  it('applies a new access token lifetime from the next token on', async () => {
    idp.setAccessTokenTtl(7);
    try {
      const next = await obtainTokens({ issuer: idp.issuer, user: jane });
      const { payload } = await verifyAccessToken(next.access_token, metadata);
      expect(next.expires_in).toBe(7);
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(7);
    } finally {
      idp.setAccessTokenTtl(120);
    }
  });

  it('serves userinfo for a token without an API audience (identity scopes only)', async () => {
    const identityOnly = await obtainTokens({
      issuer: idp.issuer,
      user: john,
      scope: 'openid profile email',
    });
    // No API scope, so no resource: an opaque token meant for the userinfo endpoint.
    expect(() => decodeProtectedHeader(identityOnly.access_token)).toThrow();
    const response = await fetch(String(metadata.userinfo_endpoint), {
      headers: { authorization: `Bearer ${identityOnly.access_token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sub: 'usr_john_smith',
      name: 'John Smith',
      email: 'john.smith@example.com',
    });
  });

  it('refuses the bank API token at userinfo (it is audience-restricted)', async () => {
    const response = await fetch(String(metadata.userinfo_endpoint), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(401);
  });
});

describe('ES256 signing', async () => {
  const { idp, metadata } = await startTestIdp({ signingAlg: 'ES256' });

  it('signs ID tokens and access tokens with ES256 and publishes an EC key', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as {
      keys: { kty: string; alg: string }[];
    };
    expect(jwks.keys.map((key) => [key.kty, key.alg])).toEqual([['EC', 'ES256']]);
    await expect(
      verifyAccessToken(tokens.access_token, metadata, { algorithms: ['ES256'] }),
    ).resolves.toBeTruthy();
    await expect(verifyIdToken(tokens.id_token ?? '', metadata, ['ES256'])).resolves.toBeTruthy();
  });
});
