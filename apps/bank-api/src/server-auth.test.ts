import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.js';

let h: Harness;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  // No token a test sent may appear in any log line or request-log entry.
  const logged = JSON.stringify([h.api.logs, h.api.requestLog]);
  for (const token of h.sentTokens) expect(logged).not.toContain(token);
  expect(h.sentTokens.size).toBeGreaterThan(10);
  await h.stop();
});

describe('authentication over HTTP', () => {
  it('answers a request without a token with a bare Bearer challenge', async () => {
    const response = await h.call('/accounts');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sesame-bank"');
    expect(response.body).toMatchObject({ code: 'missing_token' });
  });

  it('treats another scheme like no token', async () => {
    const response = await h.call('/accounts', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sesame-bank"');
  });

  it.each([
    ['expired', { claims: { iat: now() - 900, exp: now() - 600 } }, 'token expired'],
    ['wrong audience', { claims: { aud: 'https://other.example' } }, 'audience mismatch'],
    ['wrong issuer', { claims: { iss: 'https://evil.example' } }, 'issuer mismatch'],
    ['ID token', { header: { typ: 'JWT' } }, 'token type not at+jwt'],
    ['alg none', { signer: 'none' as const }, 'algorithm not allowed'],
    [
      'HS256 with the public key',
      { signer: 'hs256-with-public-key' as const },
      'algorithm not allowed',
    ],
    ['foreign key', { signer: 'unpublished' as const }, 'signature verification failed'],
    ['not yet valid', { claims: { nbf: now() + 600 } }, 'token not yet valid'],
  ])(
    'answers a %s token with 401 invalid_token and the reason',
    async (_name, options, description) => {
      const response = await h.call('/accounts', { token: await h.idp.mint(options) });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer realm="sesame-bank", error="invalid_token", error_description="${description}"`,
      );
      expect(response.body).toMatchObject({ code: 'invalid_token', message: description });
    },
  );

  it('answers garbage with 401 malformed token', async () => {
    const response = await h.call('/accounts', { token: 'garbage' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'invalid_token', reason: 'malformed_token' });
  });

  it('answers a malformed Authorization header with 400 invalid_request', async () => {
    const response = await h.call('/accounts', { headers: { authorization: 'Bearer a b' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('answers an oversized Authorization header with 401 before parsing it', async () => {
    const response = await h.call('/accounts', {
      headers: { authorization: `Bearer ${'a'.repeat(9000)}` },
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ reason: 'token_too_large' });
  });

  it('refuses a token in the query string without echoing or logging it', async () => {
    const token = await h.idp.mint();
    h.sentTokens.add(token);
    const response = await h.call(`/accounts?access_token=${token}`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  it('redacts a token that a client put in the path', async () => {
    const token = await h.idp.mint();
    h.sentTokens.add(token);
    const response = await h.call(`/accounts/${token}`, { token: await h.idp.mint() });
    expect(response.status).toBe(404);
    expect(h.api.requestLog.at(-1)?.path).toBe('/accounts/[redacted]');
  });

  it('answers 403 insufficient_scope with the scope needed', async () => {
    const readOnly = await h.idp.mint({
      claims: { sub: 'usr_ann_viewer', scope: 'openid accounts:read' },
    });
    const read = await h.call('/accounts', { token: readOnly });
    expect(read.status).toBe(200);
    const write = await h.call('/transfers', {
      token: readOnly,
      body: {
        fromAccountId: 'acc_ann_checking',
        toPayeeId: 'payee_ann_1',
        amount: '1.00',
        currency: 'EUR',
      },
      headers: { 'idempotency-key': 'k-403' },
    });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toBe(
      'Bearer realm="sesame-bank", error="insufficient_scope", error_description="scope transfers:write required", scope="transfers:write"',
    );
    expect(write.body).toMatchObject({ code: 'insufficient_scope' });
    const cards = await h.call('/cards/card_ann_1/freeze', { method: 'POST', token: readOnly });
    expect(cards.status).toBe(403);
    expect(cards.headers.get('www-authenticate')).toContain('scope="cards:write"');
  });

  it('refuses a token without accounts:read on reads', async () => {
    const noScopes = await h.idp.mint({ claims: { scope: 'openid profile' } });
    for (const path of ['/me', '/accounts', '/payees', '/cards']) {
      const response = await h.call(path, { token: noScopes });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('scope="accounts:read"');
    }
  });

  it('answers 503 with Retry-After, not 401, when the IdP cannot be reached', async () => {
    const fresh = await startHarness();
    try {
      fresh.idp.failWith(503);
      const response = await fresh.call('/accounts', { token: await fresh.idp.mint() });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(response.body).toMatchObject({ code: 'token_validation_unavailable' });
    } finally {
      await fresh.stop();
    }
  });

  it('logs one line per request with method, path, status, sub and token kind', async () => {
    await h.call('/accounts?limit=5', { token: await h.idp.mint() });
    const entry = h.api.requestLog.at(-1);
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/accounts',
      status: 200,
      sub: 'usr_jane_doe',
      tokenKind: 'at+jwt',
      error: undefined,
    });
    expect(h.api.logs.at(-1)).toMatch(
      /^GET \/accounts 200 [\d.]+ms token=at\+jwt sub=usr_jane_doe$/,
    );
    await h.call('/accounts', {
      token: await h.idp.mint({ header: { typ: 'JWT' }, claims: { nonce: 'n' } }),
    });
    expect(h.api.requestLog.at(-1)).toMatchObject({
      status: 401,
      tokenKind: 'id_token',
      error: 'invalid_token',
    });
  });
});
