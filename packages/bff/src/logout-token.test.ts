import { createHmac } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { logoutTokenAlgorithms } from './idp';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  verifyLogoutToken,
  type LogoutTokenChecks,
} from './logout-token';

const ISSUER = 'https://idp.example';
const CLIENT = 'bank-bff';
const NOW = 1_800_000_000;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const { privateKey, publicKey } = await generateKeyPair('ES256');
const other = await generateKeyPair('ES256');
const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
const checks: LogoutTokenChecks = {
  issuer: ISSUER,
  clientId: CLIENT,
  keys: jwks,
  algorithms: ['ES256'],
  currentDate: new Date(NOW * 1000),
};

const claims = (overrides: Record<string, unknown> = {}): JWTPayload => {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: CLIENT,
    sub: 'usr_jane_doe',
    sid: 'sid-1',
    jti: 'jti-1',
    iat: NOW - 5,
    exp: NOW + 115,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base as JWTPayload;
};

function sign(payload: JWTPayload, header: Record<string, unknown> = {}, key = privateKey) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'logout+jwt', ...header })
    .sign(key);
}

async function refusal(token: string, with_: LogoutTokenChecks = checks) {
  const error = await verifyLogoutToken(token, with_).then(
    () => undefined,
    (reason: unknown) => reason as { code?: string; status?: number; message?: string },
  );
  if (!error) throw new Error('expected the token to be refused');
  return error;
}

/** What a refusal says, its cause included: which check failed. */
const said = (error: { message?: string; cause?: unknown }) =>
  `${String(error.message)} <- ${String((error.cause as Error | undefined)?.message)}`;

describe('verifyLogoutToken', () => {
  it('accepts a valid token: its sid, sub and jti, and until when it could be replayed', async () => {
    await expect(verifyLogoutToken(await sign(claims()), checks)).resolves.toEqual({
      iss: ISSUER,
      jti: 'jti-1',
      sid: 'sid-1',
      sub: 'usr_jane_doe',
      // exp (NOW + 115) comes before iat + 300; plus the 30 s of clock tolerance.
      replayableUntil: NOW + 115 + 30,
    });
  });

  it('accepts a token with sid only, with sub only, and without typ or with application/logout+jwt', async () => {
    for (const token of [
      await sign(claims({ sub: undefined })),
      await sign(claims({ sid: undefined })),
      await sign(claims(), { typ: undefined }),
      await sign(claims(), { typ: 'application/logout+jwt' }),
    ]) {
      await expect(verifyLogoutToken(token, checks)).resolves.toMatchObject({ jti: 'jti-1' });
    }
  });

  it.each([
    [
      'another key',
      async () => sign(claims(), {}, other.privateKey),
      /signature verification failed/,
    ],
    ['wrong aud', async () => sign(claims({ aud: 'bank-dashboard' })), /"aud"/],
    ['wrong iss', async () => sign(claims({ iss: 'https://evil.example' })), /"iss"/],
    ['no iat', async () => sign(claims({ iat: undefined })), /"iat"/],
    ['iat 2 min ahead', async () => sign(claims({ iat: NOW + 120 })), /"iat".*in the past/],
    [
      'iat 6 min old',
      async () => sign(claims({ iat: NOW - 360, exp: NOW + 60 })),
      /"iat".*too far/,
    ],
    ['no exp', async () => sign(claims({ exp: undefined })), /"exp"/],
    ['exp passed', async () => sign(claims({ iat: NOW - 100, exp: NOW - 40 })), /"exp"/],
    ['no jti', async () => sign(claims({ jti: undefined })), /"jti"/],
    ['empty jti', async () => sign(claims({ jti: '' })), /"jti"/],
    ['no events', async () => sign(claims({ events: undefined })), /back-channel logout event/],
    [
      'events without the member',
      async () => sign(claims({ events: { 'https://example.com/other': {} } })),
      /back-channel logout event/,
    ],
    [
      'the member not an object',
      async () => sign(claims({ events: { [BACKCHANNEL_LOGOUT_EVENT]: true } })),
      /back-channel logout event/,
    ],
    ['a nonce', async () => sign(claims({ nonce: 'n-1' })), /nonce/],
    ['no sid nor sub', async () => sign(claims({ sid: undefined, sub: undefined })), /no sid/],
    ['a sid that is not a string', async () => sign(claims({ sid: 42 })), /"sid"/],
    ['typ JWT', async () => sign(claims(), { typ: 'JWT' }), /typ/],
    ['typ at+jwt', async () => sign(claims(), { typ: 'at+jwt' }), /typ/],
    ['alg none', async () => `${b64({ alg: 'none', kid: 'k1' })}.${b64(claims())}.`, /"alg"/],
    [
      'HS256 keyed with the client id',
      async () => {
        const input = `${b64({ alg: 'HS256', kid: 'k1', typ: 'logout+jwt' })}.${b64(claims())}`;
        return `${input}.${createHmac('sha256', CLIENT).update(input).digest('base64url')}`;
      },
      /"alg"/,
    ],
    ['not a JWT', async () => 'not-a-jwt', /Invalid Compact JWS/],
  ])('refuses %s: logout_token_invalid, 400', async (_name, make, message) => {
    const error = await refusal(await make());
    expect(error).toMatchObject({ code: 'logout_token_invalid', status: 400 });
    expect(said(error)).toMatch(message);
  });

  it('refuses an algorithm outside the allow-list even with a good signature', async () => {
    const error = await refusal(await sign(claims()), { ...checks, algorithms: ['RS256'] });
    expect(error).toMatchObject({ code: 'logout_token_invalid' });
  });

  it('answers idp_unavailable (502, retryable) when the IdP’s keys cannot be fetched', async () => {
    const down: JWTVerifyGetKey = () => Promise.reject(new TypeError('fetch failed'));
    const error = await refusal(await sign(claims()), { ...checks, keys: down });
    expect(error).toMatchObject({ code: 'idp_unavailable', status: 502, retryable: true });
  });

  it('never quotes the token in its message', async () => {
    const token = await sign(claims({ aud: 'someone-else' }));
    const error = await refusal(token);
    for (const part of token.split('.')) expect(said(error)).not.toContain(part);
  });
});

describe('logoutTokenAlgorithms', () => {
  it('takes the pinned ID-token algorithm, else the IdP’s list, RS256 by default; never none or HMAC', () => {
    expect(logoutTokenAlgorithms('ES256', ['RS256', 'ES256'])).toEqual(['ES256']);
    expect(logoutTokenAlgorithms(undefined, ['HS256', 'RS256', 'none', 'ES256'])).toEqual([
      'RS256',
      'ES256',
    ]);
    expect(logoutTokenAlgorithms(undefined, undefined)).toEqual(['RS256']);
    expect(logoutTokenAlgorithms('HS256', undefined)).toEqual([]);
  });
});
