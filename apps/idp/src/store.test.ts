import { describe, expect, it } from 'vitest';
import { MemoryStore } from './store';

describe('MemoryStore', () => {
  const clock = (start = 1_000_000) => {
    const time = { now: start };
    return { time, store: new MemoryStore(() => time.now) };
  };

  it('returns copies, so callers cannot change what is stored', async () => {
    const { store } = clock();
    store.set('AccessToken', 'a', { jti: 'a', scope: 'x' }, 60);
    const copy = store.get('AccessToken', 'a');
    if (copy) copy.scope = 'changed';
    expect(store.get('AccessToken', 'a')?.scope).toBe('x');
  });

  it('forgets entries once their lifetime is over', () => {
    const { time, store } = clock();
    store.set('Session', 's', { uid: 'u', accountId: 'acc' }, 10);
    time.now += 9_999;
    expect(store.get('Session', 's')).toBeDefined();
    time.now += 1;
    expect(store.get('Session', 's')).toBeUndefined();
    expect(store.sessionIdForUid('u')).toBeUndefined();
  });

  it('deletes every code and token of a grant, and only those', () => {
    const { store } = clock();
    store.set('AuthorizationCode', 'c', { grantId: 'g1' }, 60);
    store.set('RefreshToken', 'r', { grantId: 'g1' }, 60);
    store.set('AccessToken', 'other', { grantId: 'g2' }, 60);
    store.set('Grant', 'g1', { accountId: 'acc' }, 60);
    store.deleteGrantMembers('g1');
    expect(store.get('AuthorizationCode', 'c')).toBeUndefined();
    expect(store.get('RefreshToken', 'r')).toBeUndefined();
    expect(store.get('AccessToken', 'other')).toBeDefined();
    expect(store.get('Grant', 'g1')).toBeDefined();
  });

  it('finds sessions by uid and records by predicate', () => {
    const { store } = clock();
    store.set('Session', 's1', { uid: 'u1', accountId: 'jane' }, 60);
    store.set('Session', 's2', { uid: 'u2', accountId: 'john' }, 60);
    expect(store.sessionIdForUid('u2')).toBe('s2');
    expect(store.findIds('Session', (session) => session.accountId === 'jane')).toEqual(['s1']);
    expect(store.count('Session')).toBe(2);
  });

  it('marks a record consumed, as oidc-provider expects of adapter.consume', async () => {
    const { store } = clock();
    const adapter = store.adapterFactory()('RefreshToken');
    await adapter.upsert('r', { jti: 'r' }, 60);
    await adapter.consume('r');
    expect((await adapter.find('r'))?.consumed).toBe(1000);
  });

  it('never finds clients dynamically', async () => {
    const { store } = clock();
    const adapter = store.adapterFactory()('Client');
    await adapter.upsert('x', { client_id: 'x' }, 60);
    expect(await adapter.find('x')).toBeUndefined();
  });

  it('sweeps expired entries on writes so a long run does not grow without bound', () => {
    const { time, store } = clock();
    for (let i = 0; i < 50; i += 1) store.set('Interaction', `i${i}`, {}, 1);
    time.now += 120_000;
    store.set('Interaction', 'fresh', {}, 60);
    expect(store.count('Interaction')).toBe(1);
  });
});
