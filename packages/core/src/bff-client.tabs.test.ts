// Tabs of a BFF-mode app share one cookie: a sign-out, an idle sign-out or a refused session in one
// tab ends it in every tab (BroadcastChannel, cross-tab.ts), and a sign-in in one tab reaches the
// others, which ask the BFF.
import { describe, expect, it, vi } from 'vitest';
import { idleTimer } from './idle';
import { lastNavigation, bffStackPerTest, type BffStack } from './testing/bff-harness';

const { stack } = bffStackPerTest();

/** Two tabs of the app signed in with the same cookie. */
async function twoTabs(extra: Parameters<BffStack['page']>[0] = {}) {
  const a = await stack().signedInPage(extra);
  const b = stack().page(extra);
  await b.client.initialize();
  expect(b.client.getSnapshot().status).toBe('authenticated');
  return { a, b };
}

describe('cross-tab', () => {
  it('a sign-out in one tab signs the others out at once (signed_out_elsewhere), without asking the BFF', async () => {
    const { a, b } = await twoTabs();
    const changes: unknown[] = [];
    b.client.onUserChanged((previous, next) => changes.push([previous, next]));
    const checks = stack().requestsTo('/bff/session').length;

    await a.client.signOut({ redirect: false });
    await vi.waitFor(() => expect(b.client.getSnapshot().status).toBe('unauthenticated'), {
      timeout: 1000,
      interval: 5,
    });
    expect(b.client.getSnapshot().error).toMatchObject({
      code: 'signed_out_elsewhere',
      step: 'sign_out',
    });
    expect(a.client.getSnapshot().error).toBeNull();
    expect(changes).toEqual([['usr_jane_doe', null]]);
    expect(stack().requestsTo('/bff/session')).toHaveLength(checks);
    expect(logoutCount()).toBe(1);
    // signed_out_elsewhere is shown, never answered with an automatic sign-in.
    expect(b.client.signInDecision()).toMatchObject({ code: 'signed_out_elsewhere' });
  });

  it('a sign-in completed in one tab reaches a signed-out tab (it asks the BFF once)', async () => {
    const waiting = stack().page();
    await waiting.client.initialize();
    expect(waiting.client.getSnapshot().status).toBe('unauthenticated');

    const signing = stack().page();
    await signing.client.initialize();
    await signing.client.signIn({ returnTo: '/' });
    await stack().browser.visit(lastNavigation(signing.navigate)[0]);
    const back = stack().page(); // the page the BFF sent that tab back to
    await back.client.initialize();

    await vi.waitFor(() => expect(waiting.client.getSnapshot().status).toBe('authenticated'), {
      timeout: 1000,
      interval: 5,
    });
    expect(waiting.client.getSnapshot().user?.sub).toBe('usr_jane_doe');
  });

  it('a session the BFF refused in one tab (401 login_required) makes the others ask the BFF', async () => {
    const { a, b } = await twoTabs();
    stack().bff.endAllSessions();
    await expect(a.client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'login_required',
    });
    await vi.waitFor(() =>
      expect(b.client.getSnapshot()).toMatchObject({
        status: 'unauthenticated',
        error: { code: 'login_required' },
      }),
    );
  });

  it('401 unauthorized in one tab ends the session in the others too', async () => {
    const { a, b } = await twoTabs();
    stack().bff.upstream = () => ({ status: 401, body: { error: 'unauthorized' } });
    await expect(a.client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await vi.waitFor(() =>
      expect(b.client.getSnapshot()).toMatchObject({
        status: 'unauthenticated',
        error: { code: 'signed_out_elsewhere' },
      }),
    );
  });

  it('the idle timeout is shared: activity in one tab keeps both; with none, both sign out (idle_timeout) and the BFF session ends', async () => {
    const { a, b } = await twoTabs({ idleTimeoutSeconds: 2, idleTimer });
    expect(a.client.getTimeouts().idle).toEqual({ warning: false, secondsLeft: null });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    a.client.reportActivity(); // counts in every tab
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(b.client.getSnapshot().status).toBe('authenticated');

    await vi.waitFor(
      () => {
        expect(a.client.getSnapshot().error?.code).toBe('idle_timeout');
        expect(b.client.getSnapshot().error?.code).toBe('idle_timeout');
      },
      { timeout: 3000, interval: 20 },
    );
    await vi.waitFor(() => expect(stack().bff.sessions.size).toBe(0));
    expect(a.client.getTimeouts().idle).toBeNull();
  });

  it('a session seen again after an idle sign-out (the BFF never heard of it) is not taken back without a new sign-in', async () => {
    const { a, b } = await twoTabs({ idleTimeoutSeconds: 1, idleTimer });
    stack().bff.failWith = 503; // the idle sign-out's POST /logout fails
    await vi.waitFor(() => expect(a.client.getSnapshot().error?.code).toBe('idle_timeout'), {
      timeout: 3000,
    });
    stack().bff.failWith = null;
    const c = stack().page({ idleTimeoutSeconds: 1, idleTimer }); // a tab opened now
    await c.client.initialize();
    expect(c.client.getSnapshot().status).toBe('unauthenticated');
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.client.getSnapshot().status).toBe('unauthenticated');
  });
});

const logoutCount = () => stack().bff.requests.filter((r) => r.path === '/bff/logout').length;
