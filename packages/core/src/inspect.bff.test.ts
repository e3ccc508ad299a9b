// BFF mode's client.inspect(): the session and proxy decisions as events, none holding a cookie or
// a token the BFF keeps; the development builds' actions. Over the fake BFF, as bff-client's tests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InspectEvent } from './inspect-event';
import { inspectActions, inspectSession } from './inspect-session';
import { startBffStack, type BffStack } from './testing/bff-harness';

let stack: BffStack;
beforeEach(async () => {
  stack = await startBffStack();
});
afterEach(() => stack.stop());

describe('BFF mode: client.inspect', () => {
  it('reports the session and proxy decisions, and no cookie or server-held token', async () => {
    stack.browser.cookies.set('__Host-sesame', stack.bff.createSession());
    const { client } = stack.page();
    const events: InspectEvent[] = [];
    const stop = inspectSession(client, (event) => events.push(event));
    await client.initialize();
    await client.fetch('/bff/api/bank/accounts');
    await client.fetch('https://elsewhere.example.test/x').catch(() => {});
    const secrets = [...stack.bff.secrets(), stack.browser.cookies.get('__Host-sesame')!];
    stack.bff.endAllSessions();
    await inspectActions(client)!.forceRefresh(); // a new /session check finds it ended
    stop();

    const ids = events.map((event) => event.id);
    expect(ids).toEqual(expect.arrayContaining([1, 40, 43, 70, 71]));
    expect(events.find((event) => event.id === 1)?.data).toEqual({ status: 'authenticated' });
    expect(events.filter((e) => e.id === 70).map((e) => e.data.status)).toEqual([
      'loading',
      'authenticated',
      'unauthenticated',
    ]);
    const text = JSON.stringify(events);
    expect(secrets.filter(Boolean)).toHaveLength(5); // session id, three tokens, the cookie as sent
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('signOutThisTab ends the session in this tab only: the BFF keeps it, the next check finds it', async () => {
    const { client } = await stack.signedInPage();
    const logouts = () => stack.requestsTo('/bff/logout').length;
    inspectActions(client)!.signOutThisTab();
    expect(client.getSnapshot().status).toBe('unauthenticated');
    expect(logouts()).toBe(0);
    expect(stack.bff.sessions.size).toBe(1);
    await inspectActions(client)!.forceRefresh();
    expect(client.getSnapshot().status).toBe('authenticated');
  });
});
