import { describe, expect, it } from 'vitest';
import { ann, browse, startTestIdp, verifyAccessToken } from './test-support';
import { CookieJar } from './testing/cookie-jar';
import { authorizationRequest, obtainTokens, refreshTokens } from './testing/flows';

describe('a read-only customer (ann.viewer)', async () => {
  const { idp, metadata } = await startTestIdp();

  it('never gets transfers:write or cards:write, even when the app asks for them', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: ann });
    const { payload } = await verifyAccessToken(tokens.access_token, metadata);
    expect(payload.sub).toBe('usr_ann_viewer');
    expect(payload.scope?.split(' ').sort()).toEqual(['accounts:read', 'profile']);
    expect(tokens.scope?.split(' ').sort()).toEqual(['accounts:read', 'profile']);
  });

  it('cannot widen the scope on refresh', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: ann });
    const refreshed = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: tokens.refresh_token ?? '',
    });
    const { payload } = await verifyAccessToken(refreshed.access_token, metadata);
    expect(payload.scope).not.toMatch(/transfers:write|cards:write/);

    await expect(
      refreshTokens({
        issuer: idp.issuer,
        refreshToken: refreshed.refresh_token ?? '',
        scope: 'openid accounts:read transfers:write',
      }),
    ).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('is not even asked about the scopes she cannot have', async () => {
    const fresh = await (async () => {
      // Revoking forgets her remembered consent, so the consent page appears again.
      await idp.revokeUserTokens('usr_ann_viewer');
      const jar = new CookieJar();
      const { url } = authorizationRequest(metadata);
      const start = await browse(url, { jar });
      const loginUrl = new URL(start.headers.get('location') ?? '', url).href;
      const afterLogin = await browse(`${loginUrl}/login`, { jar, form: ann });
      const resume = await browse(new URL(afterLogin.headers.get('location') ?? '', url).href, {
        jar,
      });
      return (
        await browse(new URL(resume.headers.get('location') ?? '', url).href, { jar })
      ).text();
    })();
    expect(fresh).toContain('data-scope="accounts:read"');
    expect(fresh).not.toContain('data-scope="transfers:write"');
    expect(fresh).not.toContain('data-scope="cards:write"');
  });
});
