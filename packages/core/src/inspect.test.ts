// client.inspect() and inspectSession(): each decision produces its event, no event ever carries a
// token, a code or a cookie, and nothing is done for listeners that are not there. The fake IdP
// and a small scripted API on 127.0.0.1, as the engine's other tests.
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { listenOnLoopback } from '@sesame/test-stack/loopback-server';
import type { InspectEvent } from './inspect-event';
import { eventNumber, inspectEvents } from './inspect-events';
import type * as Labels from './inspect-events';
import { inspectActions, inspectSession } from './inspect-session';
import { makeClient, reachCallback, resetBrowser, signedIn } from './testing/harness';

vi.mock('./inspect-events', async (original) => {
  const actual = await original<typeof Labels>();
  return { ...actual, eventNumber: vi.fn(actual.eventNumber) };
});

let idp: FakeIdp;
let api: { url: string; stop: () => Promise<void> };

// `/401-once` refuses the first token it sees (the retry succeeds); `/401` refuses every token.
async function startApi() {
  let refused = false;
  const server = createServer((req, res) => {
    if (req.url === '/401' || (req.url === '/401-once' && !refused)) {
      refused = true;
      return void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    }
    res.writeHead(200).end('ok');
  });
  return listenOnLoopback(server);
}

beforeEach(async () => {
  resetBrowser();
  vi.mocked(eventNumber).mockClear();
  idp = await startFakeIdp({ jwtAccessTokens: true });
  api = await startApi();
});
afterEach(async () => {
  await api.stop();
  await idp.stop();
});

const ids = (events: readonly { id: number }[]) => events.map((event) => event.id);
const storedUser = () =>
  JSON.parse(sessionStorage.getItem(`sesame.user:bank-dashboard@${idp.issuer}`) ?? 'null') as {
    access_token: string;
    refresh_token: string;
    id_token: string;
  } | null;

describe('client.inspect', () => {
  it('reports each decision of a scripted session, and no token, code or secret in any event', async () => {
    const { client, navigate } = makeClient(idp, { apiOrigins: [api.url] });
    const events: InspectEvent[] = [];
    const stop = inspectSession(client, (event) => events.push(event));
    const callbackUrl = await reachCallback(client, navigate, idp);
    await client.handleCallback();
    const secrets = new Set<string>([new URL(callbackUrl).searchParams.get('code')!]);
    const remember = () => {
      const user = storedUser();
      if (user)
        [user.access_token, user.refresh_token, user.id_token].forEach((t) => secrets.add(t));
    };
    remember();

    await client.getAccessToken(); // token fresh
    await client.getAccessToken({ forceRefresh: true }); // refreshing (forced), refreshed
    remember();
    await client.fetch('http://127.0.0.1:9/elsewhere').catch(() => {}); // not attaching (auto)
    await client.fetch(`${api.url}/public`, { auth: 'none' }); // not attaching (none)
    await client.fetch(`${api.url}/ok`); // sending with a token
    await client.fetch(`${api.url}/401-once`); // 401 -> refreshing (401) -> refreshed -> retry
    remember();
    await client.fetch(`${api.url}/401`).catch(() => {}); // 401 twice: the session ends
    remember();
    await client.signOut({ redirect: false });
    stop();

    const seen = ids(events);
    for (const id of [2, 4, 7, 8, 9, 15, 16, 17, 18, 60, 70, 71] as const) {
      expect(seen, `event ${id} (${inspectEvents[id]?.[0]})`).toContain(id);
    }
    expect(events.filter((e) => e.id === 15).map((e) => e.data)).toEqual([
      { origin: 'http://127.0.0.1:9', auth: 'auto' },
      { origin: api.url, auth: 'none' },
    ]);
    expect(events.filter((e) => e.id === 8).map((e) => e.data)).toEqual([
      { reason: 'forced' },
      { reason: '401' },
      { reason: '401' },
    ]);
    // The 401 flow in its order: refresh, refreshed, retry.
    const flow = seen.slice(seen.indexOf(16));
    expect(flow.slice(0, 4)).toEqual([16, 8, 9, 17]);
    expect(events.filter((e) => e.id === 70).map((e) => e.data.status)).toEqual([
      'loading',
      'authenticated',
      'unauthenticated',
    ]);
    for (const event of events) expect(event.at).toBeGreaterThan(Date.now() - 60_000);

    // Every event, as a debug logger or a devtools panel would print or store it.
    const text = JSON.stringify(events);
    expect(secrets.size).toBeGreaterThanOrEqual(7); // code, three access, three refresh, ID tokens
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ[\w-]*\.[\w-]*/); // nothing JWT-shaped (JWT access tokens here)
    expect(text).not.toMatch(/[?&]code=|refresh_token|access_token|id_token/);
  });

  it('reports the failure paths too, still without a token, code or secret', async () => {
    await idp.stop();
    idp = await startFakeIdp({ clockOffsetSeconds: 120, revocationNeedsClientAuth: true });
    const { client, navigate } = makeClient(idp);
    const events: InspectEvent[] = [];
    inspectSession(client, (event) => events.push(event));
    const secrets = new Set<string>();
    // A sign-in the IdP refuses, then an automatic one the policy holds back (the error shows).
    const refused = await reachCallback(client, navigate, idp, { error: 'access_denied' });
    await client.handleCallback().catch(() => {});
    await client.signIn({ auto: true }).catch(() => {});
    // A sign-in (the IdP's clock is ahead: skew), a refresh the IdP refuses (the session ends).
    const accepted = await reachCallback(client, navigate, idp);
    await client.handleCallback();
    for (const url of [refused, accepted]) {
      const code = new URL(url).searchParams.get('code');
      if (code) secrets.add(code);
    }
    const user = storedUser()!;
    [user.access_token, user.refresh_token, user.id_token].forEach((t) => secrets.add(t));
    idp.revokeAll();
    await client.getAccessToken({ forceRefresh: true }).catch(() => {});
    // Signed in again, then out: a revocation the IdP refuses.
    await reachCallback(client, navigate, idp);
    await client.handleCallback();
    const again = storedUser()!;
    [again.access_token, again.refresh_token, again.id_token].forEach((t) => secrets.add(t));
    await client.signOut({ redirect: false });

    const seen = ids(events);
    for (const id of [3, 5, 10, 14, 23, 25] as const) {
      expect(seen, `event ${id} (${inspectEvents[id]?.[0]})`).toContain(id);
    }
    expect(events.find((e) => e.id === 10)?.data).toMatchObject({
      code: 'login_required',
      oauthError: 'invalid_grant',
    });
    const text = JSON.stringify(events);
    expect(secrets.size).toBeGreaterThanOrEqual(7);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ[\w-]*\.[\w-]*/);
  });

  it('hands listeners (id, data) synchronously, with the same data the logger gets', async () => {
    const logged: unknown[] = [];
    const { client } = await signedIn(idp, {
      logger: { debug: (message, data) => logged.push([eventNumber(message), data]) },
    });
    const heard: unknown[] = [];
    client.inspect((id, data) => heard.push([id, data]));
    logged.length = 0;
    await client.getAccessToken({ forceRefresh: true });
    expect(heard).toEqual(logged);
    expect(heard).toContainEqual([9, { expiresAt: expect.any(Number) }]);
  });

  it('does no work without listeners, and none after unsubscribing', async () => {
    const { client } = await signedIn(idp);
    await client.getAccessToken();
    // No listener, no logger: not even the number of an event is looked up.
    expect(eventNumber).not.toHaveBeenCalled();
    const listener = vi.fn();
    const stop = client.inspect(listener);
    await client.getAccessToken();
    expect(listener).toHaveBeenCalledWith(7, undefined);
    stop();
    listener.mockClear();
    vi.mocked(eventNumber).mockClear();
    await client.getAccessToken();
    expect(listener).not.toHaveBeenCalled();
    expect(eventNumber).not.toHaveBeenCalled();
  });

  it('a listener that throws breaks neither the session nor the other listeners', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { client } = await signedIn(idp);
      const other = vi.fn();
      client.inspect(() => {
        throw new Error('listener bug');
      });
      client.inspect(other);
      await expect(client.getAccessToken()).resolves.toEqual(expect.any(String));
      expect(other).toHaveBeenCalledWith(7, undefined);
      expect(() => vi.runAllTimers()).toThrow('listener bug'); // rethrown on its own task
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('development builds: devtools actions', () => {
  it('expireAccessToken makes the next token a refreshed one; nothing is stored', async () => {
    const { client } = await signedIn(idp);
    const before = storedUser()!;
    const events: InspectEvent[] = [];
    inspectSession(client, (event) => events.push(event));
    inspectActions(client)!.expireAccessToken!();
    expect(storedUser()).toEqual(before);
    expect(client.getSnapshot().user!.accessTokenExpiresAt).toBeLessThanOrEqual(Date.now());
    const token = await client.getAccessToken();
    expect(token).not.toBe(before.access_token);
    expect(events.find((e) => e.id === 8)?.data).toEqual({ reason: 'stale' });
  });

  it("a stale token refreshed as the tab wakes (visible again) has the reason 'wake'", async () => {
    const { client } = await signedIn(idp);
    const events: InspectEvent[] = [];
    const stop = inspectSession(client, (event) => events.push(event));
    inspectActions(client)!.expireAccessToken!();
    document.dispatchEvent(new Event('visibilitychange')); // core renews on it, too
    await client.getAccessToken();
    expect(events.filter((e) => e.id === 8).map((e) => e.data)).toEqual([{ reason: 'wake' }]);
    stop();
  });

  it('forceRefresh refreshes now', async () => {
    const { client } = await signedIn(idp);
    await inspectActions(client)!.forceRefresh();
    expect(idp.counters.refresh_token).toBe(1);
  });

  it('signOutThisTab ends the session here only: nothing revoked, storage kept', async () => {
    const { client } = await signedIn(idp);
    const before = storedUser();
    inspectActions(client)!.signOutThisTab();
    expect(client.getSnapshot()).toMatchObject({ status: 'unauthenticated', error: null });
    expect(storedUser()).toEqual(before);
    expect(idp.counters.revocations).toBe(0);
  });
});

describe('inspectEvents (labels for tools)', () => {
  it('names every event with its development sentence', () => {
    expect(eventNumber('token fresh')).toBe(7);
    expect(inspectEvents[7]).toEqual(['token fresh', 'token']);
    expect(eventNumber('no such event')).toBe(0);
  });
});
