// Back-channel logout end to end, in-memory store: the real IdP (bank-bff registered with its
// backchannel_logout_uri) POSTs a logout_token to the real BFF when an IdP session ends, by a sign-out
// on the IdP's own pages or by endUserSessions (the admin endpoint's operation), and exactly the BFF
// sessions of that IdP session end. The IdP's own token is also replayed (refused).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CookieJar } from '@sesame/test-stack/real-idp';
import type { Bff } from './bff';
import { sessionKey, sidIndexKey, type SessionRecord } from './session-record';
import type { TestBrowser } from './test-support/browser';
import { signOutAtIdp } from './test-support/idp-sign-out';
import { startBffStack, type BffStack } from './test-support/stack';

let stack: BffStack;
/** The logout tokens the IdP POSTed, as received (read before the BFF handles them). */
const posted: string[] = [];

beforeAll(async () => {
  stack = await startBffStack();
  // The same BFF, behind a wrapper that keeps a copy of every back-channel logout body.
  const recording: Bff = Object.assign(
    async (request: Request, info?: Parameters<Bff>[1]) => {
      if (new URL(request.url).pathname === '/bff/backchannel-logout') {
        posted.push(new URLSearchParams(await request.clone().text()).get('logout_token') ?? '');
      }
      return stack.bff(request, info);
    },
    { prefix: stack.bff.prefix, handles: stack.bff.handles },
  );
  stack.serve(recording);
});
afterAll(() => stack.stop());
beforeEach(() => {
  posted.length = 0;
});

const keyOf = (browser: TestBrowser) => sessionKey(browser.cookies.get('sesame')!);
const stored = async (browser: TestBrowser) =>
  (await stack.store.get(keyOf(browser))) as SessionRecord | undefined;

async function signedIn(user: 'jane' | 'john', idpCookies = new CookieJar()) {
  const browser = stack.browser();
  const { callback } = await browser.signIn(user, { idpCookies });
  expect(callback.status).toBe(302);
  return browser;
}

async function expectSignedIn(browser: TestBrowser) {
  expect((await browser.fetch('/bff/session')).status).toBe(200);
}

/** Gone: /session and /api answer 401 login_required (the browser client shows it signed out). */
async function expectSignedOut(browser: TestBrowser) {
  const cookie = browser.cookies.get('sesame');
  const api = await browser.fetch('/bff/api/bank/accounts');
  expect(api.status).toBe(401);
  expect(await api.json()).toMatchObject({ error: 'login_required' });
  browser.cookies.set('sesame', cookie!); // as a second tab that still holds the cookie
  const session = await browser.fetch('/bff/session');
  expect(session.status).toBe(401);
  expect(await session.json()).toMatchObject({ error: 'login_required' });
}

describe('back-channel logout (memory store)', () => {
  it('keeps the ID token’s sid in the session, and lists the session under it', async () => {
    const browser = await signedIn('jane');
    const session = await stored(browser);
    expect(session?.sid).toEqual(expect.any(String));
    expect(await stack.store.get(sidIndexKey(session!.sid!))).toMatchObject({
      keys: [keyOf(browser)],
    });
  });

  it('a sign-out at the IdP ends the BFF sessions of that IdP session only, before the IdP answers', async () => {
    const idpSession = new CookieJar();
    const tabOne = await signedIn('jane', idpSession);
    const tabTwo = await signedIn('jane', idpSession); // SSO: the same IdP session, another BFF session
    const elsewhere = await signedIn('jane'); // Jane on another device: another IdP session
    const john = await signedIn('john');
    const sid = (await stored(tabOne))!.sid!;
    expect((await stored(tabTwo))!.sid).toBe(sid);
    expect((await stored(elsewhere))!.sid).not.toBe(sid);

    await signOutAtIdp(stack.idp.issuer, idpSession);

    expect(posted).toHaveLength(1);
    await expectSignedOut(tabOne);
    await expectSignedOut(tabTwo);
    await expectSignedIn(elsewhere);
    await expectSignedIn(john);
    expect(await stack.store.get(sidIndexKey(sid))).toBeUndefined();
    expect(stack.logs).toContain('@sesame/bff: back-channel logout by sid: 2 session(s) ended');
    expect(stack.logs).toContainEqual(
      expect.stringMatching(/^POST \/bff\/backchannel-logout 200 /),
    );
    expect(stack.idp.logs).toContain('backchannel-logout client=bank-bff ok');
  });

  it('endUserSessions (the IdP’s admin operation) ends every BFF session of the user, no one else’s', async () => {
    const one = await signedIn('jane');
    const two = await signedIn('jane');
    const john = await signedIn('john');

    await stack.idp.endUserSessions('usr_jane_doe');

    await expectSignedOut(one);
    await expectSignedOut(two);
    await expectSignedIn(john);
  });

  it('refuses the IdP’s own token sent again (jti seen): 400 invalid_request, no session ended', async () => {
    const jane = await signedIn('jane');
    await stack.idp.endUserSessions('usr_jane_doe');
    expect(posted).toHaveLength(1);
    const again = await signedIn('jane');

    const replay = await fetch(`${stack.origin}/bff/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: posted[0]! }),
    });
    expect(replay.status).toBe(400);
    expect(replay.headers.get('cache-control')).toBe('no-store');
    expect(await replay.json()).toMatchObject({ error: 'invalid_request' });
    await expectSignedOut(jane);
    await expectSignedIn(again);
    expect(stack.logs).toContainEqual(
      expect.stringMatching(
        /^POST \/bff\/backchannel-logout 400 \d+ms logout_token_invalid \(.*already used/,
      ),
    );
    // The token appears in no log line of the BFF or the IdP.
    const signature = posted[0]!.split('.')[2]!;
    expect([...stack.logs, ...stack.idp.logs].join('\n')).not.toContain(signature);
  });
});
