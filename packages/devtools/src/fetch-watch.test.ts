import { describe, expect, it, vi } from 'vitest';
import { AuthError, type AuthClient } from '@sesame/core';
import { watchFetch } from './fetch-watch';
import { createFakeClient } from './test-client';

describe('watchFetch', () => {
  it('reports each client.fetch: method, origin and path (no query), then its status', async () => {
    const { client } = createFakeClient();
    const own = client.fetch as ReturnType<typeof vi.fn>;
    own.mockResolvedValueOnce(new Response(null, { status: 201 }));
    const emit = vi.fn();
    const stop = watchFetch(client, emit);
    const response = await client.fetch('https://api.example/transfers?secret=1', {
      method: 'post',
    });
    expect(response.status).toBe(201);
    expect(own).toHaveBeenCalledWith('https://api.example/transfers?secret=1', { method: 'post' });
    expect(emit.mock.calls).toEqual([
      [93, { request: 1, method: 'POST', origin: 'https://api.example', path: '/transfers' }],
      [94, { request: 1, status: 201 }],
    ]);
    stop();
    expect(client.fetch).toBe(own);
  });

  it("a call that rejects reports the error's code and still rejects", async () => {
    const { client } = createFakeClient();
    const refused = new AuthError('token_origin_not_allowed', 'not an API origin', {
      step: 'request',
    });
    (client.fetch as ReturnType<typeof vi.fn>).mockRejectedValueOnce(refused);
    const emit = vi.fn();
    watchFetch(client, emit);
    await expect(client.fetch(new Request('https://evil.example/a'))).rejects.toBe(refused);
    expect(emit).toHaveBeenLastCalledWith(94, { request: 1, code: 'token_origin_not_allowed' });
  });

  it('an aborted call reports AbortError (not the DOMException legacy code 20)', async () => {
    const { client } = createFakeClient();
    (client.fetch as ReturnType<typeof vi.fn>).mockRejectedValueOnce(
      new DOMException('The operation was aborted.', 'AbortError'),
    );
    const emit = vi.fn();
    watchFetch(client, emit);
    await expect(client.fetch('https://api.example/a')).rejects.toThrow('aborted');
    expect(emit).toHaveBeenLastCalledWith(94, { request: 1, code: 'AbortError' });
  });

  it('stop leaves a fetch someone else installed since in place', () => {
    const { client } = createFakeClient();
    const stop = watchFetch(client, vi.fn());
    const later: AuthClient['fetch'] = async () => new Response(null);
    (client as { fetch: AuthClient['fetch'] }).fetch = later;
    stop();
    expect(client.fetch).toBe(later);
  });
});
