import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { resetBrowser, signedIn } from './testing/harness';

let idp: FakeIdp | undefined;
beforeEach(() => {
  resetBrowser();
});
afterEach(async () => {
  vi.useRealTimers();
  await idp?.stop();
});

describe('session end (refresh-token lifetime)', () => {
  it('is sessionMaxAgeSeconds after sign-in; "ends soon" turns on once, a refresh keeps the end', async () => {
    idp = await startFakeIdp();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    const { client } = await signedIn(idp, {
      sessionMaxAgeSeconds: 3600,
      sessionEndWarningSeconds: 300,
    });
    await client.initialize();
    const end = client.getTimeouts().sessionExpiresAt!;
    expect(Math.abs(end - (start + 3600_000))).toBeLessThan(2000);
    expect(client.getTimeouts()).toMatchObject({ sessionEndsSoon: false, idle: null });

    let notified = 0;
    client.subscribeTimeouts(() => notified++);
    await client.getAccessToken({ forceRefresh: true });
    expect(client.getTimeouts().sessionExpiresAt).toBe(end);
    await vi.advanceTimersByTimeAsync(end - 300_000 - Date.now() - 1);
    expect(client.getTimeouts().sessionEndsSoon).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.getTimeouts().sessionEndsSoon).toBe(true);
    expect(notified).toBe(1);

    await client.signOut({ redirect: false });
    expect(client.getTimeouts()).toEqual({
      idle: null,
      sessionExpiresAt: null,
      sessionEndsSoon: false,
    });
    client.dispose();
  });

  it("takes the IdP's refresh_expires_in when it sends one, and updates it on each refresh", async () => {
    idp = await startFakeIdp({ refreshExpiresIn: 1800 });
    vi.useFakeTimers({ toFake: ['Date'] });
    const { client } = await signedIn(idp, { sessionMaxAgeSeconds: 36_000 });
    expect(client.getTimeouts().sessionExpiresAt! - Date.now()).toBeCloseTo(1800_000, -4);
    vi.setSystemTime(Date.now() + 600_000);
    await client.getAccessToken({ forceRefresh: true });
    expect(client.getTimeouts().sessionExpiresAt! - Date.now()).toBeCloseTo(1800_000, -4);
    client.dispose();
  });

  it('is unknown without a setting or a hint from the IdP', async () => {
    idp = await startFakeIdp();
    const { client } = await signedIn(idp);
    expect(client.getTimeouts()).toEqual({
      idle: null,
      sessionExpiresAt: null,
      sessionEndsSoon: false,
    });
    client.dispose();
  });
});
