import { describe, expect, it } from 'vitest';
import { listenOnLoopback } from './listen.js';

describe('listenOnLoopback', () => {
  it('serves on 127.0.0.1 at a free port, and stop() closes it once for every caller', async () => {
    const server = await listenOnLoopback((_req, res) => res.end('hello'), 0);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(server.url);
    expect(await response.text()).toBe('hello');

    const first = server.stop();
    expect(server.stop()).toBe(first);
    await first;
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('rejects with the listen error when the port is taken', async () => {
    const taken = await listenOnLoopback((_req, res) => res.end(), 0);
    const port = Number(new URL(taken.url).port);
    try {
      await expect(listenOnLoopback((_req, res) => res.end(), port)).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await taken.stop();
    }
  });
});
