import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  API_SCOPES,
  BANK_API_AUDIENCE,
  BANK_API_CLIENT_ID,
  BANK_API_CLIENT_SECRET,
  DASHBOARD_CLIENT_ID,
} from './constants';
import { jane, john, startTestIdp } from './test-support';
import { TokenRequestError } from './testing/errors';
import { obtainTokens, postForm } from './testing/flows';

interface Introspection {
  active: boolean;
  scope?: string;
  aud?: string;
  sub?: string;
  client_id?: string;
  exp?: number;
  token_type?: string;
}

describe('opaque access tokens and introspection', async () => {
  const { idp, metadata } = await startTestIdp({ tokenFormat: 'opaque', accessTokenTtl: 90 });
  const introspect = (
    token: string,
    client = { clientId: BANK_API_CLIENT_ID, clientSecret: BANK_API_CLIENT_SECRET },
  ) => postForm<Introspection>(String(metadata.introspection_endpoint), { token }, client);
  const revoke = (token: string) =>
    postForm(String(metadata.revocation_endpoint), { token }, { clientId: DASHBOARD_CLIENT_ID });

  it('issues an opaque access token the bank API can introspect', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    expect(() => decodeProtectedHeader(tokens.access_token)).toThrow();
    const result = await introspect(tokens.access_token);
    expect(result).toMatchObject({
      active: true,
      aud: BANK_API_AUDIENCE,
      sub: 'usr_jane_doe',
      client_id: DASHBOARD_CLIENT_ID,
      token_type: 'Bearer',
    });
    expect(result.scope?.split(' ')).toEqual(expect.arrayContaining([...API_SCOPES]));
    expect((result.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeGreaterThan(80);
  });

  it('reports a revoked access token as inactive', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: john });
    expect((await introspect(tokens.access_token)).active).toBe(true);
    await revoke(tokens.access_token);
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
  });

  it('reports tokens of a user whose tokens were revoked by the admin hook as inactive', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    await idp.revokeUserTokens('usr_jane_doe');
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
  });

  it('does not let the bank API introspect refresh tokens', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: john });
    expect(await introspect(tokens.refresh_token ?? '')).toEqual({ active: false });
  });

  it('reports garbage as inactive and refuses a wrong client secret', async () => {
    expect(await introspect('not-a-token')).toEqual({ active: false });
    const error = await introspect('not-a-token', {
      clientId: BANK_API_CLIENT_ID,
      clientSecret: 'nope',
    }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('counts introspections and revocations', () => {
    const counters = idp.counters();
    // Answered introspections only (200, active or not); the one with a wrong secret got a 401.
    expect(counters.introspections).toBe(6);
    expect(counters.revocations).toBe(1);
  });
});

describe('revocation of JWT access tokens', async () => {
  const { idp, metadata } = await startTestIdp();

  it('says unsupported_token_type: a self-contained token cannot be revoked before it expires', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    await expect(
      postForm(
        String(metadata.revocation_endpoint),
        { token: tokens.access_token },
        { clientId: DASHBOARD_CLIENT_ID },
      ),
    ).rejects.toMatchObject({ error: 'unsupported_token_type' });
    // The refresh token, which is stateful, can be revoked.
    await postForm(
      String(metadata.revocation_endpoint),
      { token: tokens.refresh_token ?? '' },
      { clientId: DASHBOARD_CLIENT_ID },
    );
    await expect(
      postForm(
        metadata.token_endpoint,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' },
        { clientId: DASHBOARD_CLIENT_ID },
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses to let another client (the bank API) revoke the dashboard refresh token', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: john });
    // RFC 7009: the answer is the same 200 as for an unknown token, so it reveals nothing...
    await postForm(
      String(metadata.revocation_endpoint),
      { token: tokens.refresh_token ?? '' },
      { clientId: BANK_API_CLIENT_ID, clientSecret: BANK_API_CLIENT_SECRET },
    );
    // ...and the token still works for its own client: nothing was revoked.
    const refreshed = await postForm<{ access_token: string }>(
      metadata.token_endpoint,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' },
      { clientId: DASHBOARD_CLIENT_ID },
    );
    expect(refreshed.access_token).toEqual(expect.any(String));
  });
});
