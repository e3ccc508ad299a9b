import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { jane, john, startTestIdp, verifyAccessToken } from './test-support';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import { authorizationRequest, obtainTokens, refreshTokens } from './testing/flows';

const json = { 'content-type': 'application/json' };

describe('admin endpoints', async () => {
  const { idp, metadata } = await startTestIdp({ admin: true });
  const admin = (path: string, body?: unknown, headers: Record<string, string> = json) =>
    fetch(`${idp.issuer}/__admin${path}`, {
      method: body === undefined && path === '/counters' ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('reports and resets the counters', async () => {
    await obtainTokens({ issuer: idp.issuer, user: jane });
    const counters = await (await admin('/counters')).json();
    expect(counters).toMatchObject({
      tokenRequests: { authorization_code: 1, refresh_token: 0 },
      authorizations: 1,
    });
    expect((await admin('/counters/reset', {})).status).toBe(204);
    expect((await (await admin('/counters')).json()).tokenRequests.authorization_code).toBe(0);
  });

  it('changes the access token lifetime', async () => {
    expect((await admin('/access-token-ttl', { seconds: 11 })).status).toBe(200);
    const tokens = await obtainTokens({ issuer: idp.issuer, user: john });
    const { payload } = await verifyAccessToken(tokens.access_token, metadata);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(11);

    const bad = await admin('/access-token-ttl', { seconds: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('rotates the signing key', async () => {
    const response = await admin('/rotate-keys', {});
    const { newKid } = (await response.json()) as { newKid: string };
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    expect(decodeProtectedHeader(tokens.access_token).kid).toBe(newKid);
  });

  it("revokes a user's tokens", async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: john });
    expect((await admin('/users/usr_john_smith/revoke', {})).status).toBe(204);
    await expect(
      refreshTokens({ issuer: idp.issuer, refreshToken: tokens.refresh_token ?? '' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it("ends a user's sessions", async () => {
    const jar = new CookieJar();
    await obtainTokens({ issuer: idp.issuer, user: jane, cookieJar: jar });
    expect((await admin('/users/usr_jane_doe/end-session', {})).status).toBe(204);
    const silent = authorizationRequest(metadata, { prompt: 'none' });
    const callback = await completeLogin(silent.url, jane, { cookieJar: jar });
    expect(new URL(callback).searchParams.get('error')).toBe('login_required');
  });

  it('answers 404 for an unknown user or endpoint', async () => {
    expect((await admin('/users/usr_nobody/revoke', {})).status).toBe(404);
    expect((await admin('/users/%E0%A4%A/revoke', {})).status).toBe(404);
    expect((await admin('/nothing', {})).status).toBe(404);
  });

  it('refuses what a web page could send cross-site: non-JSON bodies and foreign origins', async () => {
    const before = idp.counters();
    expect((await admin('/counters/reset', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    const foreign = await admin('/counters/reset', {}, { ...json, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(idp.counters()).toEqual(before);
  });
});

describe('admin endpoints when not enabled', async () => {
  const { idp } = await startTestIdp();

  it('are not mounted', async () => {
    const response = await fetch(`${idp.issuer}/__admin/counters`);
    expect(response.status).toBe(404);
    const rotate = await fetch(`${idp.issuer}/__admin/rotate-keys`, {
      method: 'POST',
      headers: json,
      body: '{}',
    });
    expect(rotate.status).toBe(404);
  });
});
