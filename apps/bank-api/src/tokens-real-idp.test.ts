import { BANK_API_CLIENT_ID, BANK_API_CLIENT_SECRET } from '@sesame/test-stack/real-idp';
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRealStack, type RealStack } from './test-support/real-idp.js';

const stacks: RealStack[] = [];
async function stack(...args: Parameters<typeof startRealStack>): Promise<RealStack> {
  const started = await startRealStack(...args);
  stacks.push(started);
  return started;
}

afterEach(async () => {
  vi.useRealTimers();
  for (const started of stacks.splice(0)) {
    const logged = JSON.stringify([started.api.logs, started.api.requestLog]);
    for (const token of started.sentTokens) expect(logged).not.toContain(token);
    await started.stop();
  }
});

describe('real IdP tokens used wrongly', () => {
  it('refuses the ID token and the refresh token as bearer tokens', async () => {
    const s = await stack();
    const tokens = await s.signIn('jane');
    const withId = await s.call('/accounts', { token: tokens.id_token ?? '' });
    expect(withId.status).toBe(401);
    expect(withId.headers.get('www-authenticate')).toContain(
      'error_description="token type not at+jwt"',
    );
    expect(s.api.requestLog.at(-1)?.tokenKind).toBe('id_token');
    const withRefresh = await s.call('/accounts', { token: tokens.refresh_token ?? '' });
    expect(withRefresh.status).toBe(401);
    expect(withRefresh.body).toMatchObject({ code: 'invalid_token', reason: 'malformed_token' });
    expect((await s.call('/accounts', { token: tokens.access_token })).status).toBe(200);
  });

  it('refuses a real token after it expired', async () => {
    const s = await stack({ clockToleranceSeconds: 0 }, { accessTokenTtl: 60 });
    const tokens = await s.signIn('john');
    expect((await s.call('/me', { token: tokens.access_token })).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    const expired = await s.call('/me', { token: tokens.access_token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error_description="token expired"');
  });
});

describe('key rotation at the IdP', () => {
  it('is picked up without a restart, even right after the API fetched the JWKS', async () => {
    const s = await stack();
    const before = await s.signIn('jane');
    expect((await s.call('/accounts', { token: before.access_token })).status).toBe(200);
    const { newKid } = await s.idp.rotateKeys();
    const after = await s.signIn('jane');
    expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
    expect((await s.call('/accounts', { token: after.access_token })).status).toBe(200);
    // Tokens signed with the previous key keep working while the IdP still publishes it.
    expect((await s.call('/accounts', { token: before.access_token })).status).toBe(200);
  });

  it('is picked up after jose’s own 30 s cooldown when configured so', async () => {
    const s = await stack({ jwks: { cooldownSeconds: 30 } });
    expect((await s.call('/me', { token: (await s.signIn('john')).access_token })).status).toBe(
      200,
    );
    await s.idp.rotateKeys();
    const rotated = (await s.signIn('john')).access_token;
    // Inside a long cooldown the new kid is refused at once (no refetch, no waiting)...
    const refused = await s.call('/me', { token: rotated });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ reason: 'signing_key_not_found' });
    // ...and accepted once the cooldown is over (the clock moves instead of the test waiting).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
    expect((await s.call('/me', { token: rotated })).status).toBe(200);
  });
});

describe('introspection mode', () => {
  const introspection = { clientId: BANK_API_CLIENT_ID, clientSecret: BANK_API_CLIENT_SECRET };

  it('serves opaque tokens and refuses one revoked before use', async () => {
    const s = await stack(
      { tokenValidation: 'introspection', introspection },
      { tokenFormat: 'opaque' },
    );
    const tokens = await s.signIn('jane');
    expect(tokens.access_token.split('.')).toHaveLength(1);
    const ok = await s.call('/accounts', { token: tokens.access_token });
    expect(ok.status).toBe(200);
    expect(ok.body.items[0].id).toBe('acc_jane_checking');
    expect(s.api.requestLog.at(-1)).toMatchObject({ tokenKind: 'opaque', sub: 'usr_jane_doe' });

    const john = await s.signIn('john');
    await s.idp.revokeUserTokens('usr_john_smith');
    const revoked = await s.call('/accounts', { token: john.access_token });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toContain(
      'error_description="token not active"',
    );
  });

  it('sees a revocation of a token already in use once its cached answer is gone', async () => {
    const s = await stack(
      { tokenValidation: 'introspection', introspection: { ...introspection, cacheTtlSeconds: 0 } },
      { tokenFormat: 'opaque' },
    );
    const tokens = await s.signIn('jane');
    expect((await s.call('/me', { token: tokens.access_token })).status).toBe(200);
    await s.idp.revokeUserTokens('usr_jane_doe');
    expect((await s.call('/me', { token: tokens.access_token })).status).toBe(401);
  });

  it('checks scopes from the introspection answer', async () => {
    const s = await stack(
      { tokenValidation: 'introspection', introspection },
      { tokenFormat: 'opaque' },
    );
    const ann = await s.signIn('ann');
    expect((await s.call('/accounts', { token: ann.access_token })).status).toBe(200);
    const write = await s.call('/cards', {
      token: ann.access_token,
      body: { accountId: 'acc_ann_checking' },
    });
    expect(write.status).toBe(403);
  });

  it('reports wrong API credentials as 503, not as a bad token', async () => {
    const s = await stack(
      {
        tokenValidation: 'introspection',
        introspection: { clientId: BANK_API_CLIENT_ID, clientSecret: 'wrong' },
      },
      { tokenFormat: 'opaque' },
    );
    const tokens = await s.signIn('jane');
    const response = await s.call('/accounts', { token: tokens.access_token });
    expect(response.status).toBe(503);
    expect(s.api.logs.join('\n')).not.toContain('wrong');
  });
});
