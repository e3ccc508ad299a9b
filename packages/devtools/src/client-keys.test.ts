// The devtools' copies of core's names (client-keys.ts) against a real core client: a message on
// the channel the devtools watch must reach the client's own channel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthClient, crossTabLock } from '@sesame/core';
import { channelName, clientKey } from './client-keys';

// Taken before any watcher wraps it: how another tab posts.
const postFromAnotherTab = BroadcastChannel.prototype.postMessage;

describe("client-keys: core's names", () => {
  afterEach(() => localStorage.clear());

  it("a sign-out posted on channelName() reaches a real client's channel (core logs 21)", async () => {
    const client = createAuthClient({
      authority: 'https://idp.example',
      client_id: 'bank-dashboard',
      redirect_uri: 'https://app.example/callback',
      storage: 'local',
      crossTabLock,
      navigate: () => {},
    });
    // A signed-in tab, as storage holds it (the client adopts it without asking the IdP).
    localStorage.setItem(
      `sesame.user:${clientKey(client)}`,
      JSON.stringify({
        access_token: 'opaque',
        refresh_token: 'opaque-refresh',
        expires_at: Math.floor(Date.now() / 1000) + 3600,
        profile: { sub: 'jane' },
        scope: 'openid',
        gen: '1',
      }),
    );
    await client.initialize();
    expect(client.getSnapshot().status).toBe('authenticated');
    const heard = vi.fn();
    client.inspect(heard);
    const otherTab = new BroadcastChannel(channelName(client));
    try {
      postFromAnotherTab.call(otherTab, { type: 'signed-out', reason: 'sign_out' });
      await vi.waitFor(() => expect(heard).toHaveBeenCalledWith(21, { reason: 'sign_out' }));
    } finally {
      otherTab.close();
      client.dispose();
    }
  });
});
