import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { IdempotencyStore, readIdempotencyKey, requestFingerprint } from './idempotency.js';

const fp = (body: unknown) => requestFingerprint('POST', '/transfers', body);

describe('readIdempotencyKey', () => {
  it('accepts 1..255 printable ASCII characters', () => {
    expect(readIdempotencyKey('a')).toBe('a');
    expect(readIdempotencyKey('x'.repeat(255))).toHaveLength(255);
    expect(readIdempotencyKey('550e8400-e29b-41d4-a716-446655440000')).toContain('-');
  });

  it.each([
    [undefined, 'idempotency_key_required'],
    ['', 'idempotency_key_required'],
    ['x'.repeat(256), 'invalid_idempotency_key'],
    ['tab\there', 'invalid_idempotency_key'],
    ['caf\u00e9', 'invalid_idempotency_key'],
  ])('refuses %j with %s', (value, code) => {
    expect(() => readIdempotencyKey(value)).toThrow(expect.objectContaining({ status: 400, code }));
  });
});

describe('requestFingerprint', () => {
  it('ignores key order but not values, paths or methods', () => {
    expect(fp({ a: 1, b: { c: 2, d: 3 } })).toBe(fp({ b: { d: 3, c: 2 }, a: 1 }));
    expect(fp({ a: 1 })).not.toBe(fp({ a: 2 }));
    expect(requestFingerprint('POST', '/cards', { a: 1 })).not.toBe(fp({ a: 1 }));
  });
});

describe('IdempotencyStore', () => {
  it('runs once and replays the first response', async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    const action = () => ({ status: 201, body: { run: ++runs } });
    const first = await store.execute('jane', 'k1', fp({ x: 1 }), action);
    const second = await store.execute('jane', 'k1', fp({ x: 1 }), action);
    expect(first).toEqual({ response: { status: 201, body: { run: 1 } }, replayed: false });
    expect(second).toEqual({ response: { status: 201, body: { run: 1 } }, replayed: true });
    expect(runs).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const store = new IdempotencyStore();
    await store.execute('jane', 'k1', fp({ x: 1 }), () => ({ status: 201, body: {} }));
    await expect(
      store.execute('jane', 'k1', fp({ x: 2 }), () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  it('keeps keys per user', async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    await store.execute('jane', 'same', fp({ x: 1 }), () => ({ status: 201, body: ++runs }));
    const john = await store.execute('john', 'same', fp({ x: 2 }), () => ({
      status: 201,
      body: ++runs,
    }));
    expect(john.replayed).toBe(false);
    expect(runs).toBe(2);
  });

  it('makes a concurrent duplicate wait for the first and replay it', async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async () => {
      runs += 1;
      await gate;
      return { status: 201, body: { run: runs } };
    };
    const first = store.execute('jane', 'k', fp({}), slow);
    const second = store.execute('jane', 'k', fp({}), slow);
    release();
    const results = await Promise.all([first, second]);
    expect(runs).toBe(1);
    expect(results.map((result) => result.replayed)).toEqual([false, true]);
  });

  it('does not store a 5xx or a thrown error, so the retry runs', async () => {
    const store = new IdempotencyStore();
    await store.execute('jane', 'k', fp({}), () => ({ status: 503, body: {} }));
    await expect(
      store.execute('jane', 'k', fp({}), () => {
        throw new ApiError(500, 'boom', 'boom');
      }),
    ).rejects.toBeInstanceOf(ApiError);
    const third = await store.execute('jane', 'k', fp({}), () => ({ status: 201, body: 'ok' }));
    expect(third).toEqual({ response: { status: 201, body: 'ok' }, replayed: false });
  });

  it('lets a waiting duplicate run when the first attempt failed', async () => {
    const store = new IdempotencyStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = store.execute('jane', 'k', fp({}), async () => {
      await gate;
      throw new Error('crash');
    });
    const waiting = store.execute('jane', 'k', fp({}), () => ({ status: 201, body: 'second' }));
    release();
    await expect(failing).rejects.toThrow('crash');
    await expect(waiting).resolves.toEqual({
      response: { status: 201, body: 'second' },
      replayed: false,
    });
  });

  it('forgets finished keys after the TTL and beyond the size cap', async () => {
    let now = 0;
    const store = new IdempotencyStore({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    await store.execute('jane', 'a', fp({}), () => ({ status: 201, body: 1 }));
    now = 1_000;
    expect(
      (await store.execute('jane', 'a', fp({}), () => ({ status: 201, body: 2 }))).replayed,
    ).toBe(false);
    await store.execute('jane', 'b', fp({}), () => ({ status: 201, body: 3 }));
    await store.execute('jane', 'c', fp({}), () => ({ status: 201, body: 4 }));
    expect(store.size).toBe(2);
  });
});
