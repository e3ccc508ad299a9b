import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthClient } from '@sesame/core';
import { channelName, refreshLockName } from './client-keys';
import { LOCK_POLL_MS, messageSummary, watchChannel, watchRefreshLock } from './tab-watch';
import { createFakeClient, SETTINGS } from './test-client';

// Taken before any watcher wraps it: how another tab (another page, another prototype) posts.
const postFromAnotherTab = BroadcastChannel.prototype.postMessage;
const local = () => createFakeClient({ ...SETTINGS, storage: 'local' }).client;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('messageSummary', () => {
  it('keeps the kind and the reason only, drops anything else a message might carry', () => {
    expect(messageSummary({ type: 'user', access_token: 'eyJ.x.y' })).toEqual({ type: 'user' });
    expect(messageSummary({ type: 'signed-out', reason: 'idle_timeout' })).toEqual({
      type: 'signed-out',
      reason: 'idle_timeout',
    });
    expect(messageSummary({ type: 'activity', at: 5, explicit: true })).toEqual({
      type: 'activity',
      explicit: true,
    });
    expect(messageSummary('user')).toBeNull();
    expect(messageSummary(null)).toBeNull();
  });
});

describe('watchChannel', () => {
  const channels: BroadcastChannel[] = [];
  afterEach(() => {
    for (const channel of channels.splice(0)) channel.close();
  });
  const open = (client: AuthClient) => {
    const channel = new BroadcastChannel(channelName(client));
    channels.push(channel);
    return channel;
  };

  it("tells this tab's messages (sent, 90) from another tab's (heard, 91), on the client's channel only", async () => {
    const client = local();
    expect(channelName(client)).toBe('sesame:bank-dashboard@https://idp.example');
    const emit = vi.fn();
    const stop = watchChannel(client, emit);
    const thisTab = open(client); // as core's channel in this tab
    const otherTab = open(client);
    const otherApp = new BroadcastChannel('sesame:other@https://idp.example');
    channels.push(otherApp);
    thisTab.postMessage({ type: 'activity', at: 1, explicit: false });
    postFromAnotherTab.call(otherTab, { type: 'signed-out', reason: 'sign_out' });
    postFromAnotherTab.call(otherApp, { type: 'user' });
    await settle();
    expect(emit.mock.calls).toEqual([
      [90, { type: 'activity', explicit: false }],
      [91, { type: 'signed-out', reason: 'sign_out' }],
    ]);
    stop();
    postFromAnotherTab.call(otherTab, { type: 'user' });
    await settle();
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('BFF mode listens on the BFF client channel', () => {
    const { client } = createFakeClient({
      baseUrl: '/bff',
      sessionCheckSeconds: 300,
      sessionEndWarningSeconds: 300,
    });
    expect(channelName(client)).toBe('sesame:bff:/bff');
  });
});

/** A LockManager whose query() answers what the test says is held and pending. */
function fakeLocks() {
  const state = { held: [] as LockInfo[], pending: [] as LockInfo[] };
  const locks = {
    request: vi.fn((name: string, callback: () => Promise<void>) => {
      state.held.push({ name, clientId: 'me', mode: 'exclusive' });
      return callback();
    }),
    query: vi.fn(async () => ({ held: [...state.held], pending: [...state.pending] })),
  };
  return { locks: locks as unknown as LockManager, state };
}

describe('watchRefreshLock', () => {
  afterEach(() => vi.useRealTimers());

  it('reports each change of holder: this tab, another tab (with who waits), nobody', async () => {
    vi.useFakeTimers();
    const client = local();
    const name = refreshLockName(client)!;
    expect(name).toBe('sesame.refresh:bank-dashboard@https://idp.example');
    const { locks, state } = fakeLocks();
    const emit = vi.fn();
    const stop = watchRefreshLock(client, emit, locks);
    const tick = () => vi.advanceTimersByTimeAsync(LOCK_POLL_MS);
    await tick();
    expect(emit).not.toHaveBeenCalled(); // nobody holds it: nothing to say
    state.held.push({ name, clientId: 'other', mode: 'exclusive' });
    await tick();
    state.pending.push({ name, clientId: 'me', mode: 'exclusive' });
    await tick();
    state.held = state.held.filter((lock) => lock.name !== name);
    state.pending = [];
    state.held.push({ name, clientId: 'me', mode: 'exclusive' }); // handed to this tab
    await tick();
    await tick(); // no change: no event
    state.held = state.held.filter((lock) => lock.name !== name);
    await tick();
    expect(emit.mock.calls).toEqual([
      [92, { holder: 'another tab', waiting: 0 }],
      [92, { holder: 'another tab', waiting: 1 }],
      [92, { holder: 'this tab', waiting: 0 }],
      [92, { holder: 'nobody', waiting: 0 }],
    ]);
    stop();
    state.held.push({ name, clientId: 'other', mode: 'exclusive' });
    await tick();
    expect(emit).toHaveBeenCalledTimes(4);
  });

  it('nothing to watch when tabs share no refresh token (session storage, BFF mode)', () => {
    const { locks } = fakeLocks();
    expect(refreshLockName(createFakeClient().client)).toBeUndefined();
    watchRefreshLock(createFakeClient().client, vi.fn(), locks)();
    expect(locks.request).not.toHaveBeenCalled();
  });
});
