import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_PUBLISHED_KEYS } from './keys';
import { jane, startTestIdp, verifyAccessToken, verifyIdToken } from './test-support';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import {
  authorizationRequest,
  obtainTokens,
  readAuthorizationResponse,
  refreshTokens,
} from './testing/flows';

async function publishedKids(jwksUri: string): Promise<string[]> {
  const jwks = (await (await fetch(jwksUri)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

describe('signing key rotation', async () => {
  const { idp, metadata } = await startTestIdp();

  it('publishes the new key next to the old one and signs new tokens with it', async () => {
    const jar = new CookieJar();
    const before = await obtainTokens({ issuer: idp.issuer, user: jane, cookieJar: jar });
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    expect(await publishedKids(metadata.jwks_uri)).toEqual([oldKid]);

    const { newKid } = await idp.rotateKeys();
    expect(newKid).not.toBe(oldKid);
    expect(await publishedKids(metadata.jwks_uri)).toEqual([newKid, oldKid]);

    // Tokens signed before the rotation still verify against the published JWKS.
    await expect(verifyAccessToken(before.access_token, metadata)).resolves.toBeTruthy();
    await expect(verifyIdToken(before.id_token ?? '', metadata)).resolves.toBeTruthy();

    // The grant survived the provider swap: the old refresh token works and yields new-key tokens.
    const refreshed = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: before.refresh_token ?? '',
    });
    expect(decodeProtectedHeader(refreshed.access_token).kid).toBe(newKid);
    expect(decodeProtectedHeader(refreshed.id_token ?? '').kid).toBe(newKid);
    await expect(verifyAccessToken(refreshed.access_token, metadata)).resolves.toBeTruthy();

    // So did the IdP session: a silent authorization needs no password.
    const request = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(
      request.url,
      { login: '', password: '' },
      { cookieJar: jar },
    );
    expect(() =>
      readAuthorizationResponse(callback, { state: request.state, issuer: idp.issuer }),
    ).not.toThrow();
  });

  it(`keeps at most ${MAX_PUBLISHED_KEYS} keys published`, async () => {
    const kids: string[] = [];
    for (let i = 0; i < MAX_PUBLISHED_KEYS + 1; i += 1)
      kids.unshift((await idp.rotateKeys()).newKid);
    expect(await publishedKids(metadata.jwks_uri)).toEqual(kids.slice(0, MAX_PUBLISHED_KEYS));
  });
});
