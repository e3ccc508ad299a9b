// How session writes take a store's shared lock (`withLock`, Redis's in production): inside this
// process's lock, so one request per process waits on it at a time; only when there is something
// to write; around the re-read. The shared lock here is an in-process stand-in that counts; the
// Redis lock itself is tested against a real Redis (redis/redis-lock.test.ts).
import { describe, expect, it } from 'vitest';
import { DpopHandles } from './dpop-keys';
import { KeyedLock } from './keyed-lock';
import { resolveOptions } from './options';
import type { SessionRecord } from './session-record';
import { MemorySessionStore } from './session-store';
import { Sessions } from './sessions';

/** A memory store with a shared lock that records how it is used. */
class LockingStore extends MemorySessionStore {
  readonly shared = new KeyedLock();
  calls = 0;
  waiting = 0;
  mostWaiting = 0;

  withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    this.calls += 1;
    this.waiting += 1;
    this.mostWaiting = Math.max(this.mostWaiting, this.waiting);
    return this.shared.run(key, async () => {
      this.waiting -= 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return task();
    });
  }
}

const now = Date.now();
const record = (patch: Partial<SessionRecord> = {}): SessionRecord => ({
  v: 1,
  sub: 'jane',
  claims: {},
  scopes: [],
  accessToken: 'at-1',
  accessTokenExpiresAt: null,
  accessTokenRefreshAt: null,
  refreshToken: 'rt-1',
  dpopKey: { publicJwk: {}, privateJwk: {} },
  createdAt: now,
  absoluteExpiresAt: now + 3_600_000,
  idleExpiresAt: now + 1_800_000,
  ...patch,
});

function setup() {
  const store = new LockingStore();
  const options = resolveOptions({
    issuer: 'https://idp.bank.example',
    clientId: 'bank-bff',
    clientPrivateKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
    redirectUri: 'https://bank.example/bff/callback',
    allowedOrigins: ['https://bank.example'],
    sessionStore: store,
  });
  return { store, sessions: new Sessions(options, new KeyedLock(), new DpopHandles()) };
}

describe('Sessions with a shared lock', () => {
  it('queues this process’s writers in front of the shared lock: one waits on it at a time', async () => {
    const { store, sessions } = setup();
    await store.set('session:a', record(), 60_000);
    const seen: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sessions.locked('session:a', async (current, write) => {
          seen.push(current!.accessToken);
          await write.save({ ...current!, accessToken: `at-${i + 2}` });
        }),
      ),
    );
    expect(store.calls).toBe(6);
    expect(store.mostWaiting).toBe(1);
    // Each writer read what the one before it wrote (the re-read happens under the shared lock).
    expect(seen).toEqual(['at-1', 'at-2', 'at-3', 'at-4', 'at-5', 'at-6']);
  });

  it('skips the shared lock when the session read under this process’s lock needs no write', async () => {
    const { store, sessions } = setup();
    await store.set('session:b', record(), 60_000);
    const result = await sessions.locked(
      'session:b',
      async (current, write) => {
        await expect(write.save(current!)).rejects.toThrow(/needs the shared lock/);
        return current!.accessToken;
      },
      { needsSharedLock: (current) => current?.accessToken !== 'at-1' },
    );
    expect(result).toBe('at-1');
    expect(store.calls).toBe(0);
    // An idle touch that is not due yet writes nothing, so it takes no shared lock either.
    expect(await sessions.update('session:b', () => undefined)).toMatchObject({ sub: 'jane' });
    expect(store.calls).toBe(0);
    await sessions.update('session:b', (current) => ({ ...current, accessToken: 'at-9' }));
    expect(store.calls).toBe(1);
    expect((await store.get('session:b'))?.accessToken).toBe('at-9');
  });

  it('ends a session under the shared lock, after a write in progress', async () => {
    const { store, sessions } = setup();
    await store.set('session:c', record(), 60_000);
    const slowWrite = sessions.locked('session:c', async (current, write) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await write.save({ ...current!, accessToken: 'at-late' });
    });
    const ended = sessions.end('session:c');
    await Promise.all([slowWrite, ended]);
    expect(store.calls).toBe(2);
    // The refresh did not write the session back after the sign-out.
    expect(await store.get('session:c')).toBeUndefined();
  });
});
