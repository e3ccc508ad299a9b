// A reload of a BFF-mode page starts from this tab's last /session answer (bff-session-cache.ts):
// `authenticated` at once and API calls sent at once, while /session confirms in the background;
// no answer is handed over before it has, and whatever /session says then wins.
import { describe, expect, it, vi } from 'vitest';
import { idleTimer } from './idle';
import { bffStackPerTest } from './testing/bff-harness';

const KEY = 'sesame.session:bff:/bff';

const { stack } = bffStackPerTest();

const sessionChecks = () => stack().requestsTo('/bff/session').length;
const apiRequests = () => stack().bff.requests.filter((r) => r.path.startsWith('/bff/api/'));

/** Holds the answers of GET /bff/session (the page's `fetch` waits) until `release()`. */
function holdSessionAnswers() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const inner = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await inner(input, init);
    if (String(input instanceof Request ? input.url : input).endsWith('/bff/session')) await gate;
    return response;
  };
  return release;
}

/** Settles within a few turns of the event loop, or not: `'pending'`. */
const settledSoon = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise((resolve) => setTimeout(() => resolve('pending'), 50)),
  ]);

describe('a reload with the tab’s last /session answer', () => {
  it('is authenticated at once (same user, session end), and /session confirms it in the background', async () => {
    const first = await stack().signedInPage();
    const before = first.client.getSnapshot();
    first.client.dispose();

    const reload = stack().page();
    expect(reload.client.getSnapshot()).toEqual(before);
    expect(reload.client.getSnapshot().status).toBe('authenticated');
    expect(reload.client.getTimeouts().sessionExpiresAt).toBe(
      [...stack().bff.sessions.values()][0]!.sessionExpiresAt,
    );
    await reload.client.initialize();
    expect(sessionChecks()).toBe(2); // one per page load, sent as each client was made
    expect(reload.client.getSnapshot()).toEqual(before);
  });

  it('sends an API call at once, but hands its answer over only after /session confirmed the user', async () => {
    await stack().signedInPage();
    const release = holdSessionAnswers();
    const { client } = stack().page();
    const answer = client.fetch('/bff/api/bank/accounts');
    await vi.waitFor(() => expect(apiRequests()).toHaveLength(1));
    expect(await settledSoon(answer)).toBe('pending');
    release();
    expect(await (await answer).json()).toEqual({ sub: 'usr_jane_doe', path: '/accounts' });
  });

  it('a 401 from /session (the session ended at the server): unauthenticated login_required, the cache cleared, the API answer never handed over', async () => {
    await stack().signedInPage();
    stack().bff.endAllSessions();
    const release = holdSessionAnswers();
    const { client } = stack().page();
    const changes: unknown[] = [];
    client.onUserChanged((previous, next) => changes.push([previous, next]));
    expect(client.getSnapshot().status).toBe('authenticated');
    const answer = client.fetch('/bff/api/bank/accounts');
    await vi.waitFor(() => expect(apiRequests()).toHaveLength(1));
    release();
    await expect(answer).rejects.toMatchObject({ code: 'login_required', step: 'request' });
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      user: null,
      error: { code: 'login_required' },
    });
    expect(changes).toEqual([['usr_jane_doe', null]]);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    // The next load starts from the BFF's answer again.
    expect(stack().page().client.getSnapshot().status).toBe('loading');
  });

  it('a 401 from an API call sent at once: unauthenticated login_required, the cache cleared', async () => {
    await stack().signedInPage();
    stack().bff.upstream = () => ({ status: 401, body: { error: 'login_required' } });
    const { client } = stack().page();
    expect(client.getSnapshot().status).toBe('authenticated');
    await expect(client.fetch('/bff/api/bank/accounts')).rejects.toMatchObject({
      code: 'login_required',
    });
    expect(client.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'login_required' },
    });
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('another user at the BFF: the user-changed path (onUserChanged, the new user kept), and the answer sent as the old one is dropped (user_changed)', async () => {
    await stack().signedInPage();
    const [session] = stack().bff.sessions.values();
    session!.sub = 'usr_john_smith';
    session!.claims = { sub: 'usr_john_smith', name: 'John Smith' };
    const release = holdSessionAnswers();
    const { client } = stack().page();
    const changes: unknown[] = [];
    client.onUserChanged((previous, next) => changes.push([previous, next]));
    expect(client.getSnapshot().user?.sub).toBe('usr_jane_doe');
    const answer = client.fetch('/bff/api/bank/accounts');
    await vi.waitFor(() => expect(apiRequests()).toHaveLength(1));
    release();
    await expect(answer).rejects.toMatchObject({ code: 'user_changed' });
    expect(changes).toEqual([['usr_jane_doe', 'usr_john_smith']]);
    expect(client.getSnapshot()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'usr_john_smith', profile: { name: 'John Smith' } },
    });
    expect(JSON.parse(sessionStorage.getItem(KEY)!).user.profile.sub).toBe('usr_john_smith');
  });

  it('holds what /session showed (claims, scopes, times) and never a token or the session id', async () => {
    await stack().signedInPage();
    const kept = sessionStorage.getItem(KEY)!;
    const [session] = stack().bff.sessions.values();
    expect(JSON.parse(kept)).toEqual({
      user: {
        profile: { sub: 'usr_jane_doe', name: 'Jane Doe' },
        scope: 'openid profile accounts:read',
        expires_at: Math.floor(session!.accessTokenExpiresAt / 1000),
      },
      accessTokenExpiresAt: session!.accessTokenExpiresAt,
      sessionExpiresAt: session!.sessionExpiresAt,
      idleExpiresAt: session!.idleExpiresAt,
    });
    const secrets = stack().bff.secrets();
    expect(secrets).toHaveLength(4);
    for (const secret of secrets) expect(kept).not.toContain(secret);
  });
});

describe('when the tab’s last answer is not used, and when it is forgotten', () => {
  it.each([
    ['its idle end has passed', { idleExpiresAt: Date.now() - 1 }],
    ['its absolute end has passed', { sessionExpiresAt: Date.now() - 1 }],
    ['it has no known end', { idleExpiresAt: null, sessionExpiresAt: null }],
  ])('%s: the page starts loading and asks the BFF', async (_, change) => {
    await stack().signedInPage();
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ ...JSON.parse(sessionStorage.getItem(KEY)!), ...change }),
    );
    const { client } = stack().page();
    expect(client.getSnapshot().status).toBe('loading');
    expect(sessionStorage.getItem(KEY)).toBeNull();
    await client.initialize();
    expect(client.getSnapshot().status).toBe('authenticated'); // the BFF still has it
  });

  it('not readable: the page starts loading', () => {
    sessionStorage.setItem(KEY, '{"user":');
    expect(stack().page().client.getSnapshot().status).toBe('loading');
  });

  it('on the page a sign-in came back to: the BFF says who signed in', async () => {
    await stack().signedInPage();
    sessionStorage.setItem('sesame.signin:bff:/bff', String(Date.now()));
    expect(stack().page().client.getSnapshot().status).toBe('loading');
  });

  it('after an idle sign-out: not used (a sign-in with credentials comes first)', async () => {
    await stack().signedInPage();
    localStorage.setItem('sesame.reauth:bff:/bff', '1');
    expect(stack().page().client.getSnapshot().status).toBe('loading');
  });

  it('a sign-out forgets it', async () => {
    const { client } = await stack().signedInPage();
    expect(sessionStorage.getItem(KEY)).not.toBeNull();
    await client.signOut({ redirect: false });
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(stack().page().client.getSnapshot().status).toBe('loading');
  });

  it('a sign-out in another tab forgets it', async () => {
    const { client } = await stack().signedInPage();
    const otherTab = new BroadcastChannel('sesame:bff:/bff');
    otherTab.postMessage({ type: 'signed-out', reason: 'sign_out' });
    otherTab.close();
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe('unauthenticated'));
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('an idle sign-out forgets it', async () => {
    const { client } = await stack().signedInPage({ idleTimeoutSeconds: 1, idleTimer });
    await vi.waitFor(() => expect(client.getSnapshot().error?.code).toBe('idle_timeout'), {
      timeout: 3000,
    });
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });
});

describe('the first check', () => {
  it('is sent as the client is made, not when initialize() runs; initialize() uses it', async () => {
    const { client } = stack().page();
    await vi.waitFor(() => expect(sessionChecks()).toBe(1));
    await client.initialize();
    await client.initialize();
    expect(sessionChecks()).toBe(1);
    expect(client.getSnapshot().status).toBe('unauthenticated');
  });

  it('an answer sent before a sign-out in this tab is not taken', async () => {
    stack().browser.cookies.set('__Host-sesame', stack().bff.createSession());
    const release = holdSessionAnswers();
    const { client } = stack().page(); // its /session answer is held
    await client.signOut({ redirect: false });
    release();
    await client.initialize();
    expect(client.getSnapshot().status).toBe('unauthenticated');
  });
});
