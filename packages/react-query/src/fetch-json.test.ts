import { describe, expect, it, vi } from 'vitest';
import type { AuthClient } from '@sesame/core';
import { fetchJson } from './fetch-json';
import { HttpError, isHttpError } from './http-error';

const answering = (response: Response) => {
  const fetch = vi.fn<AuthClient['fetch']>(async () => response);
  return { fetch };
};

describe('fetchJson', () => {
  it('asks for JSON, sends `json` as a JSON body and parses the answer', async () => {
    const auth = answering(Response.json({ id: 't1' }, { status: 201 }));
    const result = await fetchJson<{ id: string }>(auth, 'https://api.test/transfers', {
      method: 'POST',
      json: { amount: '1.00' },
      headers: { 'idempotency-key': 'k1' },
      auth: 'required',
    });
    expect(result).toEqual({ id: 't1' });
    const [url, init] = auth.fetch.mock.calls[0]!;
    expect(url).toBe('https://api.test/transfers');
    expect(init).toMatchObject({ method: 'POST', body: '{"amount":"1.00"}', auth: 'required' });
    const headers = init!.headers as Headers;
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('idempotency-key')).toBe('k1');
  });

  it('resolves undefined for an empty 2xx', async () => {
    expect(await fetchJson(answering(new Response(null, { status: 204 })), '/x')).toBeUndefined();
  });

  it('throws HttpError with status, parsed body, code and retryable', async () => {
    const body = { code: 'insufficient_funds', message: 'Not enough money.' };
    const error = await fetchJson(answering(Response.json(body, { status: 422 })), '/x').catch(
      (e: unknown) => e,
    );
    expect(isHttpError(error, 422)).toBe(true);
    expect(error).toMatchObject({
      status: 422,
      body,
      code: 'insufficient_funds',
      retryable: false,
    });
    expect((error as Error).message).toBe('HTTP 422 insufficient_funds: Not enough money.');

    const text = await fetchJson(
      answering(new Response('Bad gateway', { status: 502 })),
      '/x',
    ).catch((e: unknown) => e);
    expect(text).toMatchObject({
      status: 502,
      body: 'Bad gateway',
      code: undefined,
      retryable: true,
    });
    expect(new HttpError(429, null).retryable).toBe(true);
  });

  it("passes the fetch layer's AuthErrors through untouched", async () => {
    const failure = new Error('x');
    const auth = { fetch: vi.fn(() => Promise.reject(failure)) };
    await expect(fetchJson(auth, '/x')).rejects.toBe(failure);
  });
});
