import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from './server.js';
import { startHarness, type Harness } from './test-support/harness.js';

let h: Harness;
let token: string;
const DASHBOARD = 'http://127.0.0.1:5173';

beforeAll(async () => {
  h = await startHarness();
  token = await h.idp.mint();
});
afterAll(async () => {
  await h.stop();
});

const transfer = {
  fromAccountId: 'acc_jane_checking',
  toAccountId: 'acc_jane_savings',
  amount: '1.00',
  currency: 'EUR',
};

describe('HTTP behaviour', () => {
  it('answers /health without a token', async () => {
    const response = await h.call('/health');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('puts security headers on every response, errors included', async () => {
    for (const response of [
      await h.call('/health'),
      await h.call('/accounts'),
      await h.call('/nope'),
    ]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  it('answers unknown paths with 404 and wrong methods with 405 + Allow', async () => {
    expect((await h.call('/nope', { token })).status).toBe(404);
    const wrong = await h.call('/accounts', { method: 'DELETE', token });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(wrong.body).toMatchObject({ code: 'method_not_allowed' });
  });

  describe('CORS', () => {
    it('echoes an allowed origin exactly, with Vary and exposed headers, and no credentials', async () => {
      const response = await h.call('/accounts', { token, headers: { origin: DASHBOARD } });
      expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
      expect(response.headers.get('vary')).toBe('Origin');
      expect(response.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
      expect(response.headers.get('access-control-expose-headers')).toContain(
        'Idempotent-Replayed',
      );
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('answers a preflight with the allowed methods and headers', async () => {
      const response = await h.call('/transfers', {
        method: 'OPTIONS',
        headers: {
          origin: DASHBOARD,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = response.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
      for (const header of ['authorization', 'content-type', 'idempotency-key'])
        expect(allowed).toContain(header);
    });

    it.each([
      'http://127.0.0.1:5173.evil.net',
      'http://127.0.0.1:51730',
      'https://127.0.0.1:5173',
      'http://evil.example',
      'null',
    ])('refuses the look-alike origin %s without CORS headers', async (origin) => {
      const response = await h.call('/accounts', { token, headers: { origin } });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await h.call('/accounts', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('request bodies', () => {
    const post = (body: string, headers: Record<string, string>) =>
      h.call('/transfers', {
        method: 'POST',
        token,
        body,
        headers: { 'idempotency-key': crypto.randomUUID(), ...headers },
      });

    it('refuses a non-JSON content type with 415', async () => {
      const response = await post(JSON.stringify(transfer), { 'content-type': 'text/plain' });
      expect(response).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
      const form = await post('a=b', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
    });

    it('accepts application/json with a UTF-8 charset', async () => {
      const response = await post(JSON.stringify(transfer), {
        'content-type': 'application/json; charset=UTF-8',
      });
      expect(response.status).toBe(201);
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await post('{"fromAccountId":', { 'content-type': 'application/json' });
      expect(response).toMatchObject({ status: 400, body: { code: 'malformed_json' } });
      expect((await post('', { 'content-type': 'application/json' })).status).toBe(400);
    });

    it('refuses a body over 16 KB with 413 and changes nothing', async () => {
      const before = h.api.ledger.check();
      const big = JSON.stringify({ ...transfer, reference: 'x'.repeat(17 * 1024) });
      const response = await post(big, { 'content-type': 'application/json' });
      expect(response).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
      expect(h.api.ledger.check().totalMinor).toBe(before.totalMinor);
    });

    it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
      const url = new URL(`${h.api.url}/transfers`);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          url,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': 'chunked',
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 20; i += 1) req.write('x'.repeat(1024));
        req.end();
      });
      expect(status).toBe(413);
    });
  });

  it('binds 127.0.0.1 only and checks its options up front', async () => {
    expect(new URL(h.api.url).hostname).toBe('127.0.0.1');
    await expect(start({ issuer: 'not a url', port: 0 })).rejects.toMatchObject({
      code: 'invalid_options',
    });
    await expect(
      start({ issuer: h.idp.issuer, port: 0, allowedOrigins: ['http://x.test/'] }),
    ).rejects.toThrow(/exact origin/);
    await expect(
      start({ issuer: h.idp.issuer, port: 0, tokenValidation: 'introspection' }),
    ).rejects.toThrow(/clientId/);
  });
});
