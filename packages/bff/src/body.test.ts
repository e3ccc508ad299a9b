import { describe, expect, it } from 'vitest';
import { readLimitedBody } from './body';

const post = (body: BodyInit, headers?: HeadersInit) =>
  new Request('http://x/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

function stream(chunks: number, size: number) {
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) controller.close();
      else {
        sent += 1;
        controller.enqueue(new Uint8Array(size));
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, sent: () => sent, cancelled: () => cancelled };
}

describe('readLimitedBody', () => {
  it('reads a body up to the limit, bytes intact', async () => {
    const read = await readLimitedBody(post('{"a":1}'), 7);
    expect(read.ok && new TextDecoder().decode(read.body)).toBe('{"a":1}');
  });

  it('has no body for GET', async () => {
    expect(await readLimitedBody(new Request('http://x/'), 1)).toEqual({
      ok: true,
      body: undefined,
    });
  });

  it('refuses a declared length over the limit before reading', async () => {
    const source = stream(10, 100);
    const read = await readLimitedBody(post(source.body, { 'content-length': '1000' }), 999);
    expect(read.ok).toBe(false);
    expect(source.sent()).toBeLessThan(2);
  });

  it('stops reading a stream as soon as it passes the limit', async () => {
    const source = stream(1000, 1024);
    const read = await readLimitedBody(post(source.body), 4096);
    expect(read.ok).toBe(false);
    expect(source.sent()).toBeLessThan(10);
    expect(source.cancelled()).toBe(true);
  });
});
