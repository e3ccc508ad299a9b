import { afterEach, describe, expect, it, vi } from 'vitest';
import { BANK_API_AUDIENCE } from './constants';
import { jane, john, startTestIdp, verifyAccessToken } from './test-support';
import { TokenRequestError } from './testing/errors';
import { obtainTokens, postForm, refreshTokens } from './testing/flows';

async function refreshError(issuer: string, refreshToken: string): Promise<TokenRequestError> {
  const error = await refreshTokens({ issuer, refreshToken }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof TokenRequestError)) throw new Error('expected the refresh to fail');
  return error;
}

describe('refresh token rotation', async () => {
  const { idp, metadata } = await startTestIdp();

  it('rotates the refresh token and returns a new JWT access token for the bank API', async () => {
    const first = await obtainTokens({ issuer: idp.issuer, user: jane });
    const second = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: first.refresh_token ?? '',
    });
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    const { payload } = await verifyAccessToken(second.access_token, metadata);
    expect(payload.aud).toBe(BANK_API_AUDIENCE);
    expect(payload.sub).toBe('usr_jane_doe');
  });

  it('rejects a rotated refresh token with invalid_grant, and the reuse revokes the new one too', async () => {
    const first = await obtainTokens({ issuer: idp.issuer, user: john });
    const second = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: first.refresh_token ?? '',
    });

    const reuse = await refreshError(idp.issuer, first.refresh_token ?? '');
    expect(reuse.status).toBe(400);
    expect(reuse.error).toBe('invalid_grant');

    // Reuse means theft is possible: the whole grant is gone, including the legitimate new token.
    const afterReuse = await refreshError(idp.issuer, second.refresh_token ?? '');
    expect(afterReuse.error).toBe('invalid_grant');
  });

  it('answers an unknown refresh token with invalid_grant', async () => {
    const error = await refreshError(idp.issuer, 'not-a-refresh-token');
    expect(error.error).toBe('invalid_grant');
  });

  it('refuses a refresh token presented by another client', async () => {
    const { refresh_token: refreshToken = '' } = await obtainTokens({
      issuer: idp.issuer,
      user: jane,
    });
    const attempt = postForm(
      metadata.token_endpoint,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      { clientId: 'bank-api', clientSecret: 'wrong' },
    );
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_client', status: 401 });
  });
});

describe('absolute refresh token lifetime', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts from the first sign-in: rotation never extends it', async () => {
    // Only Date is faked: the IdP reads the clock through it, and no timer has to fire.
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = new Date('2030-01-01T08:00:00Z').getTime();
    vi.setSystemTime(t0);
    const { idp, metadata } = await startTestIdp({ refreshTokenTtl: 60, accessTokenTtl: 10 });
    const introspectExp = async (token: string): Promise<unknown> => {
      const result = await postForm<{ active: boolean; exp?: number }>(
        String(metadata.introspection_endpoint),
        { token },
        { clientId: 'bank-dashboard' },
      );
      return result.exp;
    };

    const first = await obtainTokens({ issuer: idp.issuer, user: jane });
    const absoluteEnd = t0 / 1000 + 60;
    expect(await introspectExp(first.refresh_token ?? '')).toBe(absoluteEnd);

    vi.setSystemTime(t0 + 40_000);
    const second = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: first.refresh_token ?? '',
    });
    // A sliding lifetime would say t0 + 100 here.
    expect(await introspectExp(second.refresh_token ?? '')).toBe(absoluteEnd);

    vi.setSystemTime(t0 + 55_000);
    const third = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: second.refresh_token ?? '',
    });
    expect(third.access_token).toBeTruthy();

    vi.setSystemTime(t0 + 61_000);
    const expired = await refreshError(idp.issuer, third.refresh_token ?? '');
    expect(expired.error).toBe('invalid_grant');
  });
});
