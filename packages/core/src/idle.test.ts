import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer, type IdleState } from './idle';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { lastUrl, makeClient, resetBrowser, signedIn } from './testing/harness';
import type { AuthClient } from './types';

beforeEach(() => {
  resetBrowser();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function timer(timeoutMs = 120_000, warningMs = 30_000) {
  const states: IdleState[] = [];
  const expire = vi.fn();
  const share = vi.fn();
  const idle = createIdleTimer({
    timeoutMs,
    warningMs,
    publish: (s) => states.push(s),
    expire,
    share,
  });
  return { idle, states, expire, share };
}

describe('createIdleTimer', () => {
  it('warns at the warning time, counts down once a second, and expires at the limit', async () => {
    const { idle, states, expire } = timer();
    idle.start(Date.now());
    expect(states).toEqual([{ warning: false, secondsLeft: null }]);
    await vi.advanceTimersByTimeAsync(89_999);
    expect(states).toHaveLength(1); // no ticks before the warning
    await vi.advanceTimersByTimeAsync(1);
    expect(states.at(-1)).toEqual({ warning: true, secondsLeft: 30 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(states.at(-1)).toEqual({ warning: true, secondsLeft: 29 });
    await vi.advanceTimersByTimeAsync(28_999);
    expect(states.at(-1)).toEqual({ warning: true, secondsLeft: 1 });
    expect(expire).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(expire).toHaveBeenCalledTimes(1);
    expect(states.map((s) => s.secondsLeft).slice(1)).toEqual(
      Array.from({ length: 30 }, (_, i) => 30 - i),
    );
    await vi.advanceTimersByTimeAsync(600_000);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('ordinary activity postpones the limit before the warning, but only an explicit one during it', async () => {
    const { idle, states, expire } = timer();
    idle.start(Date.now());
    idle.start(Date.now()); // idempotent
    await vi.advanceTimersByTimeAsync(60_000);
    window.dispatchEvent(new Event('keydown'));
    await vi.advanceTimersByTimeAsync(89_000); // 149 s: the original limit (120 s) has passed
    expect(expire).not.toHaveBeenCalled();
    expect(states.at(-1)).toEqual({ warning: false, secondsLeft: null });
    await vi.advanceTimersByTimeAsync(2000); // 151 s: warning since 150 s
    expect(states.at(-1)).toMatchObject({ warning: true });
    window.dispatchEvent(new Event('pointermove'));
    window.dispatchEvent(new Event('keydown'));
    expect(states.at(-1)).toMatchObject({ warning: true }); // a stray move does not dismiss it
    idle.local(true); // "Stay signed in"
    expect(states.at(-1)).toEqual({ warning: false, secondsLeft: null });
    await vi.advanceTimersByTimeAsync(119_000);
    expect(expire).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('shares local activity with the other tabs at most every 5 s, explicit activity at once', async () => {
    const { idle, share } = timer();
    idle.start(Date.now());
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) {
      window.dispatchEvent(new Event('pointermove'));
      await vi.advanceTimersByTimeAsync(100); // 10 s of moving the mouse
    }
    // (The first move at t0 is no news: the timer started at t0.)
    expect(share.mock.calls).toEqual([
      [t0 + 100, false],
      [t0 + 5100, false],
    ]);
    idle.local(true);
    expect(share).toHaveBeenLastCalledWith(Date.now(), true);
  });

  it("takes other tabs' activity, but not from the future, nor passive activity during the warning", async () => {
    const { idle, states, expire } = timer();
    idle.start(Date.now());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(idle.remote(Date.now() + 3600_000, false)).toBe(true); // clamped to now
    await vi.advanceTimersByTimeAsync(90_000);
    expect(states.at(-1)).toMatchObject({ warning: true, secondsLeft: 30 });
    expect(idle.remote(Date.now(), false)).toBe(false);
    expect(idle.remote(Date.now(), true)).toBe(true);
    expect(states.at(-1)).toEqual({ warning: false, secondsLeft: null });
    expect(expire).not.toHaveBeenCalled();
  });

  it('decides from the clock after a sleep: coming back after the limit signs out, it is not activity', async () => {
    const { idle, expire } = timer();
    idle.start(Date.now());
    vi.setSystemTime(Date.now() + 3600_000); // slept; no timer ran
    document.dispatchEvent(new Event('visibilitychange'));
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('starts from an earlier page’s last activity', () => {
    const { idle, expire } = timer();
    idle.start(Date.now() - 121_000);
    expect(expire).toHaveBeenCalledTimes(1);
  });
});

describe('idle timeout in the client', () => {
  let idp: FakeIdp;
  const clients: AuthClient[] = [];
  beforeEach(async () => {
    vi.useRealTimers();
    idp = await startFakeIdp();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.dispose();
    await idp.stop();
  });

  const settings = { storage: 'local', idleTimeoutSeconds: 120, idleWarningSeconds: 30 } as const;

  async function twoTabs() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const a = await signedIn(idp, settings);
    const b = makeClient(idp, settings);
    clients.push(a.client, b.client);
    await b.client.initialize();
    return [a, b] as const;
  }

  it('counts down in every tab without touching the main snapshot, and signs every tab out at zero', async () => {
    const [a, b] = await twoTabs();
    let mainNotifications = 0;
    b.client.subscribe(() => mainNotifications++);
    expect(a.client.getTimeouts().idle).toEqual({ warning: false, secondsLeft: null });
    await vi.advanceTimersByTimeAsync(95_000);
    expect(a.client.getTimeouts().idle).toEqual({ warning: true, secondsLeft: 25 });
    expect(b.client.getTimeouts().idle).toEqual({ warning: true, secondsLeft: 25 });
    expect(mainNotifications).toBe(0);

    await vi.advanceTimersByTimeAsync(25_000);
    for (const tab of [a, b]) {
      await vi.waitFor(() =>
        expect(tab.client.getSnapshot()).toMatchObject({
          status: 'unauthenticated',
          error: { code: 'idle_timeout' },
        }),
      );
      expect(tab.client.getTimeouts().idle).toBeNull();
    }
    expect(localStorage.getItem(`sesame.user:bank-dashboard@${idp.issuer}`)).toBeNull();
    await vi.waitFor(() => expect(idp.counters.revocations).toBe(2));
  });

  it('"stay signed in" in one tab postpones the sign-out in all', async () => {
    const [a, b] = await twoTabs();
    await vi.advanceTimersByTimeAsync(100_000);
    expect(b.client.getTimeouts().idle).toMatchObject({ warning: true });
    a.client.reportActivity();
    expect(a.client.getTimeouts().idle).toEqual({ warning: false, secondsLeft: null });
    await vi.waitFor(() =>
      expect(b.client.getTimeouts().idle).toEqual({ warning: false, secondsLeft: null }),
    );
    await vi.advanceTimersByTimeAsync(110_000); // 210 s after sign-in, 110 s after the activity
    expect(b.client.getSnapshot().status).toBe('authenticated');
    expect(a.client.getSnapshot().status).toBe('authenticated');
  });

  it('after an idle sign-out the next sign-in asks for credentials (prompt=login), and silent SSO is refused', async () => {
    const [a] = await twoTabs();
    await vi.advanceTimersByTimeAsync(121_000);
    await vi.waitFor(() => expect(a.client.getSnapshot().status).toBe('unauthenticated'));
    vi.useRealTimers();
    a.navigate.mockClear();
    await a.client.signIn({ prompt: 'none' });
    expect(a.navigate).not.toHaveBeenCalled();
    expect(a.client.getSnapshot()).toMatchObject({ error: { code: 'login_required' } });
    await a.client.signIn();
    expect(new URL(lastUrl(a.navigate)).searchParams.get('prompt')).toBe('login');
    // Once signed in again, the flag is gone.
    const again = await signedIn(idp, settings);
    clients.push(again.client);
    await again.client.signIn();
    expect(new URL(lastUrl(again.navigate)).searchParams.get('prompt')).toBeNull();
  });

  it('a page reopened after the limit starts signed out, without refreshing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const a = await signedIn(idp, settings);
    a.client.dispose(); // the page closes
    vi.setSystemTime(Date.now() + 3600_000);
    const reopened = makeClient(idp, settings);
    clients.push(reopened.client);
    await reopened.client.initialize();
    expect(reopened.client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'idle_timeout' },
    });
    expect(idp.counters.refresh_token).toBe(0);
  });
});
