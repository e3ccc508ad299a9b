// Laptops sleep and browsers throttle background tabs: timers fire late or never. These tests move the
// clock without running timers (a sleep), then check what the next token request or event does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await idp.stop();
});

describe('after a sleep', () => {
  it('the next getAccessToken refreshes the token that expired during the sleep, once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await signedIn(idp, { autoRenew: true });
    const before = client.peekAccessToken();
    // Two hours pass with no timer running (the machine slept), then the app asks for tokens.
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const tokens = await Promise.all([client.getAccessToken(), client.getAccessToken()]);
    expect(idp.counters.refresh_token).toBe(1);
    expect(tokens[0]).not.toBe(before);
    expect(tokens[1]).toBe(tokens[0]);
    expect(client.getSnapshot().user!.accessTokenExpiresAt).toBeGreaterThan(Date.now());
    // The renewal timer set before the sleep fires late now, finds the token fresh and does nothing.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(idp.counters.refresh_token).toBe(1);
    client.dispose();
  });

  it('coming back online renews a stale token after a little jitter, and a fresh one not at all', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // 1 s of the 2 s jitter
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await signedIn(idp, { autoRenew: true });
    await client.initialize();
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(idp.counters.refresh_token).toBe(0); // fresh: nothing to do

    vi.setSystemTime(Date.now() + 3600_000); // slept offline; the token expired
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(900);
    expect(idp.counters.refresh_token).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() => expect(idp.counters.refresh_token).toBe(1));
    client.dispose();
  });

  it('becoming visible after a sleep renews before any request asks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const { client } = await signedIn(idp, { autoRenew: true });
    vi.setSystemTime(Date.now() + 3600_000);
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(idp.counters.refresh_token).toBe(1));
    client.dispose();
  });
});
