// Back-channel logout with two BFF replicas sharing a real redis-server, behind round robin: the
// IdP's logout_token reaches one replica, and the sessions are gone on both (they are found through
// the sid index in Redis); the same token sent again is refused by the other replica (the jti is in
// Redis too).
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { CookieJar } from '@sesame/test-stack/real-idp';
import { startRedis, type RunningRedis } from '@sesame/test-stack/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type Bff } from '../bff';
import { digest, sessionKey } from '../session-record';
import type { TestBrowser } from '../test-support/browser';
import { signOutAtIdp } from '../test-support/idp-sign-out';
import { startBffStack, type BffStack } from '../test-support/stack';
import { redisSessionStore, type RedisSessionStore } from './redis-session-store';

const encryptionKey = randomBytes(32).toString('base64');

let redis: RunningRedis;
let raw: ReturnType<typeof createClient>;
let stack: BffStack;
let stores: RedisSessionStore[];
/** Which replica answered each back-channel logout, and the tokens the IdP posted. */
const posted: { replica: number; token: string }[] = [];

/** A replica that records the back-channel logouts it receives. */
function recording(bff: Bff, replica: number): Bff {
  return Object.assign(
    async (request: Request, info?: Parameters<Bff>[1]) => {
      if (new URL(request.url).pathname === '/bff/backchannel-logout') {
        const form = new URLSearchParams(await request.clone().text());
        posted.push({ replica, token: form.get('logout_token') ?? '' });
      }
      return bff(request, info);
    },
    { prefix: bff.prefix, handles: bff.handles },
  );
}

beforeAll(async () => {
  redis = await startRedis();
  raw = createClient({ url: redis.url });
  raw.on('error', () => {});
  await raw.connect();
  stores = [0, 1].map(() => redisSessionStore({ url: redis.url, encryptionKey }));
  stack = await startBffStack({ bff: { sessionStore: stores[0]! } });
  const second = createBff({ ...stack.bffOptions, sessionStore: stores[1]! });
  stack.serve(recording(stack.bff, 0), recording(second, 1));
});

afterAll(async () => {
  await stack.stop();
  await Promise.all(stores.map((store) => store.close()));
  raw.destroy();
  await redis.close();
});

const keyOf = (browser: TestBrowser) => sessionKey(browser.cookies.get('sesame')!);

/** `/session` through both replicas (round robin: two requests in a row), with the same cookie. */
async function sessionStatuses(browser: TestBrowser): Promise<number[]> {
  const cookie = browser.cookies.get('sesame')!;
  const statuses = [];
  for (let turn = 0; turn < 2; turn++) {
    browser.cookies.set('sesame', cookie); // a 401 clears it; the other open tabs still send it
    statuses.push((await browser.fetch('/bff/session')).status);
  }
  return statuses;
}

describe('back-channel logout across replicas (Redis)', () => {
  it('a sign-out at the IdP ends the session on both replicas; the replayed token is refused by either', async () => {
    const idpSession = new CookieJar();
    const jane = stack.browser();
    expect((await jane.signIn('jane', { idpCookies: idpSession })).callback.status).toBe(302);
    const john = stack.browser();
    expect((await john.signIn('john')).callback.status).toBe(302);
    expect(await sessionStatuses(jane)).toEqual([200, 200]);

    // The session is listed under its IdP session in Redis, sealed, with an expiry.
    const janeKey = keyOf(jane);
    const sid = String((await stores[0]!.get(janeKey))!.sid);
    const indexKey = `sesame:bff:sid:${digest(sid)}`;
    expect(await raw.pTTL(indexKey)).toBeGreaterThan(0);
    expect(await raw.get(indexKey)).toMatch(/^s1\./);
    expect(await raw.get(indexKey)).not.toContain(janeKey);

    await signOutAtIdp(stack.idp.issuer, idpSession);

    expect(posted).toHaveLength(1);
    expect(await sessionStatuses(jane)).toEqual([401, 401]);
    expect(await sessionStatuses(john)).toEqual([200, 200]);
    expect(await raw.exists([`sesame:bff:${janeKey}`, indexKey])).toBe(0);

    // The same token, twice more: one lands on each replica, both refuse it (the jti is in Redis).
    const answers = [];
    for (let turn = 0; turn < 2; turn++) {
      const replay = await fetch(`${stack.origin}/bff/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: posted[0]!.token }),
      });
      answers.push([replay.status, ((await replay.json()) as { error: string }).error]);
    }
    expect(new Set(posted.slice(1).map((entry) => entry.replica))).toEqual(new Set([0, 1]));
    expect(answers).toEqual([
      [400, 'invalid_request'],
      [400, 'invalid_request'],
    ]);
    expect(await sessionStatuses(john)).toEqual([200, 200]);
  });

  it('endUserSessions ends every session of the user, whichever replica made it', async () => {
    const browsers = [stack.browser(), stack.browser(), stack.browser()];
    for (const browser of browsers) {
      expect((await browser.signIn('jane')).callback.status).toBe(302);
    }
    await stack.idp.endUserSessions('usr_jane_doe');
    for (const browser of browsers) expect(await sessionStatuses(browser)).toEqual([401, 401]);
  });
});
