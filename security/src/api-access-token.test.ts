// Access tokens at the bank API: every way of presenting a bad one. Real IdP, real API, real tokens;
// forged tokens only where the case is a forgery. Each case checks the status, the exact challenge,
// that the body holds an error and no data, and that no log line holds the token.
import { BANK_API_CLIENT_ID, BANK_API_CLIENT_SECRET } from '@sesame/idp';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  hs256WithIdpPublicKey,
  newSigner,
  partsOf,
  patch,
  plantKey,
  unsigned,
} from './support/forge';
import type { Signer } from './support/forge';
import { expectNotLogged, startStack, type Stack } from './support/stack';

const BARE = 'Bearer realm="sesame-bank"';
const invalidToken = (description: string) =>
  `Bearer realm="sesame-bank", error="invalid_token", error_description="${description}"`;

let stack: Stack;
let planted: Signer;
let jane: { access_token: string; id_token?: string; refresh_token?: string };

beforeAll(async () => {
  stack = await startStack();
  planted = await plantKey(stack.proxy);
  jane = await stack.tokensFor('jane.doe');
});
afterAll(() => stack.stop());

async function call(
  path: string,
  init: { token?: string; authorization?: string } & RequestInit = {},
) {
  const { token, authorization, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (authorization !== undefined) headers.set('authorization', authorization);
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(`${stack.api.url}${path}`, { ...rest, headers });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get('www-authenticate'), text };
}

/** A refusal: status, exact challenge, an error body without account data, nothing logged. */
async function expectRefused(
  response: Awaited<ReturnType<typeof call>>,
  status: number,
  challenge: string | null,
  token?: string,
) {
  expect(response.status).toBe(status);
  expect(response.challenge).toBe(challenge);
  const body = JSON.parse(response.text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['code', 'message']));
  expect(body).not.toHaveProperty('items');
  expect(response.text).not.toMatch(/acc_|DE\d{2}|balance/);
  if (token) expect(response.text).not.toContain(token);
  expectNotLogged(stack, token, jane.access_token, jane.refresh_token, jane.id_token);
}

/** Jane's real access token with some claims or header members changed, signed by the planted key. */
async function janeWith(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
) {
  const real = partsOf(jane.access_token);
  return planted.sign(
    patch({ typ: 'at+jwt', kid: planted.kid }, header),
    patch(real.claims, claims),
  );
}

describe('access token at the bank API', () => {
  it('control: a real access token → 200 with Jane’s accounts; the planted-key copy → 200 too', async () => {
    const real = await call('/accounts', { token: jane.access_token });
    expect(real.status).toBe(200);
    expect(real.text).toContain('acc_jane_checking');
    const copy = await call('/accounts', { token: await janeWith() });
    expect(copy.status).toBe(200);
    expectNotLogged(stack, jane.access_token);
  });

  it('no Authorization header → 401 with a bare Bearer challenge (no error code)', async () => {
    await expectRefused(await call('/accounts'), 401, BARE);
  });

  it('another scheme (Basic) → 401 with a bare Bearer challenge', async () => {
    await expectRefused(
      await call('/accounts', { authorization: 'Basic amFuZTpzZXNhbWU=' }),
      401,
      BARE,
    );
  });

  it('empty bearer token ("Bearer ") → 400 invalid_request (a malformed request, RFC 6750 §3.1)', async () => {
    await expectRefused(
      await call('/accounts', { authorization: 'Bearer ' }),
      400,
      'Bearer realm="sesame-bank", error="invalid_request", error_description="bearer token missing"',
    );
  });

  it('garbage token → 401 invalid_token "malformed token"', async () => {
    await expectRefused(
      await call('/accounts', { token: 'garbage' }),
      401,
      invalidToken('malformed token'),
      'garbage',
    );
  });

  it('real claims signed by a key the IdP never published → 401 "signature verification failed"', async () => {
    const { header, claims } = partsOf(jane.access_token);
    const token = await (await newSigner(String(header.kid))).sign(header, claims);
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('signature verification failed'),
      token,
    );
  });

  it('alg none → 401 "algorithm not allowed"', async () => {
    const { header, claims } = partsOf(jane.access_token);
    const token = unsigned(header, claims);
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('algorithm not allowed'),
      token,
    );
  });

  it('HS256 keyed with the IdP’s own RSA public key → 401 "algorithm not allowed"', async () => {
    const { header, claims } = partsOf(jane.access_token);
    const token = await hs256WithIdpPublicKey(stack.issuer, header, claims);
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('algorithm not allowed'),
      token,
    );
  });

  it('unknown kid → 401 "signing key not found"', async () => {
    const token = await janeWith({}, { kid: 'no-such-key' });
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('signing key not found'),
      token,
    );
  });

  it('kid with path characters (../../etc/passwd) → 401 "signing key not found", never used as a path', async () => {
    const token = await janeWith({}, { kid: '../../../../etc/passwd' });
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('signing key not found'),
      token,
    );
    expect(stack.proxy.paths.some((path) => path.includes('passwd') || path.includes('..'))).toBe(
      false,
    );
  });

  it('jku, x5u and an embedded jwk pointing at an attacker’s key → ignored: 401, the attacker’s server never called', async () => {
    const attacker = await newSigner('attacker-key');
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [attacker.publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const evil = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { claims } = partsOf(jane.access_token);
      const token = await attacker.sign(
        {
          typ: 'at+jwt',
          kid: 'attacker-key',
          jku: `${evil}/jwks`,
          x5u: `${evil}/cert.pem`,
          jwk: attacker.publicJwk,
        },
        claims,
      );
      await expectRefused(
        await call('/accounts', { token }),
        401,
        invalidToken('signing key not found'),
        token,
      );
      expect(hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a real token once expired (clock past exp + 5 s leeway) → 401 "token expired"', async () => {
    const { exp } = partsOf(jane.access_token).claims as { exp: number };
    vi.useFakeTimers({ toFake: ['Date'], now: (exp + 6) * 1000 });
    try {
      await expectRefused(
        await call('/accounts', { token: jane.access_token }),
        401,
        invalidToken('token expired'),
        jane.access_token,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('nbf ten minutes in the future → 401 "token not yet valid"', async () => {
    const token = await janeWith({ nbf: Math.floor(Date.now() / 1000) + 600 });
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('token not yet valid'),
      token,
    );
  });

  it('another issuer (iss) → 401 "issuer mismatch"', async () => {
    const token = await janeWith({ iss: 'https://idp.attacker.example' });
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('issuer mismatch'),
      token,
    );
  });

  it('another audience (aud) → 401 "audience mismatch"', async () => {
    const token = await janeWith({ aud: 'https://other-api.example' });
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('audience mismatch'),
      token,
    );
  });

  it('typ JWT instead of at+jwt → 401 "token type not at+jwt"', async () => {
    const token = await janeWith({}, { typ: 'JWT' });
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('token type not at+jwt'),
      token,
    );
  });

  it('the real ID token used as an access token → 401 "token type not at+jwt"', async () => {
    await expectRefused(
      await call('/accounts', { token: jane.id_token! }),
      401,
      invalidToken('token type not at+jwt'),
      jane.id_token,
    );
    expect(stack.api.requestLog.at(-1)).toMatchObject({ tokenKind: 'id_token', status: 401 });
  });

  it('the real refresh token used as an access token → 401 "malformed token"', async () => {
    await expectRefused(
      await call('/accounts', { token: jane.refresh_token! }),
      401,
      invalidToken('malformed token'),
      jane.refresh_token,
    );
  });

  it('Jane’s token asking for John’s account, its transactions, or a transfer from it → 404, nothing of John’s, no money moved', async () => {
    const before = stack.api.ledger.balanceMinor('acc_john_checking');
    for (const path of [
      '/accounts/acc_john_checking',
      '/accounts/acc_john_checking/transactions',
    ]) {
      const response = await call(path, { token: jane.access_token });
      expect(response.status).toBe(404);
      expect(JSON.parse(response.text)).toEqual({
        code: 'account_not_found',
        message: 'No such account.',
      });
    }
    const transfer = await call('/transfers', {
      token: jane.access_token,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'battery-bola' },
      body: JSON.stringify({
        fromAccountId: 'acc_john_checking',
        toAccountId: 'acc_jane_checking',
        amount: '10.00',
        currency: 'EUR',
      }),
    });
    expect(transfer.status).toBe(404);
    expect(transfer.text).not.toMatch(/john|John/);
    expect(stack.api.ledger.balanceMinor('acc_john_checking')).toBe(before);
    expectNotLogged(stack, jane.access_token);
  });

  it('a read-only user (ann.viewer) posting a transfer → 403 insufficient_scope naming transfers:write', async () => {
    const ann = await stack.tokensFor('ann.viewer');
    const response = await call('/transfers', {
      token: ann.access_token,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'battery-403' },
      body: JSON.stringify({
        fromAccountId: 'acc_ann_checking',
        toAccountId: 'acc_ann_savings',
        amount: '1.00',
        currency: 'EUR',
      }),
    });
    await expectRefused(
      response,
      403,
      'Bearer realm="sesame-bank", error="insufficient_scope", error_description="scope transfers:write required", scope="transfers:write"',
      ann.access_token,
    );
  });

  it('a real token in the query string (?access_token=) → 400 invalid_request, no data, the token neither echoed nor logged', async () => {
    const response = await call(`/accounts?access_token=${jane.access_token}`);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'invalid_request' });
    expect(response.text).not.toContain(jane.access_token);
    expect(response.text).not.toContain('acc_jane');
    expectNotLogged(stack, jane.access_token);
  });

  it('an Authorization header of 10 KB → 401 "token too large", refused before parsing', async () => {
    const token = `${jane.access_token}${'A'.repeat(10 * 1024)}`;
    await expectRefused(
      await call('/accounts', { token }),
      401,
      invalidToken('token too large'),
      token,
    );
  });

  it('an Authorization header of 1 MB → 431 from the HTTP parser: no handler runs, nothing logged', async () => {
    const token = 'A'.repeat(1024 * 1024);
    const entries = stack.api.requestLog.length;
    const status = await fetch(`${stack.api.url}/accounts`, {
      headers: { authorization: `Bearer ${token}` },
    })
      .then((response) => response.status)
      .catch(() => 'connection closed');
    expect(status).toBe(431);
    expect(stack.api.requestLog.length).toBe(entries);
    expectNotLogged(stack, token.slice(0, 64));
  });
});

describe('access token at the bank API, introspection mode', () => {
  it('an opaque token revoked at the IdP → 401 "token not active"', async () => {
    const opaque = await startStack({
      idp: { tokenFormat: 'opaque' },
      api: {
        tokenValidation: 'introspection',
        introspection: {
          clientId: BANK_API_CLIENT_ID,
          clientSecret: BANK_API_CLIENT_SECRET,
          cacheTtlSeconds: 0,
        },
      },
    });
    try {
      const john = await opaque.tokensFor('john.smith');
      const before = await fetch(`${opaque.api.url}/accounts`, {
        headers: { authorization: `Bearer ${john.access_token}` },
      });
      expect(before.status).toBe(200);
      await opaque.idp.revokeUserTokens('usr_john_smith');
      const response = await fetch(`${opaque.api.url}/accounts`, {
        headers: { authorization: `Bearer ${john.access_token}` },
      });
      const text = await response.text();
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(invalidToken('token not active'));
      expect(text).not.toContain('acc_john');
      expectNotLogged(opaque, john.access_token, john.refresh_token, john.id_token);
    } finally {
      await opaque.stop();
    }
  });
});
