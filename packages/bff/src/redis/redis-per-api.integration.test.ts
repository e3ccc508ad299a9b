// One access token per API on Redis, with two BFF replicas sharing it (round robin), against the
// real IdP, the real bank API and an investments upstream of its own audience: the per-API tokens
// are sealed like the rest of the session, and concurrent calls to both APIs at expiry through
// both replicas make one refresh per API at the IdP, each with the refresh token the last one
// rotated (no invalid_grant).
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { startRedis, type RunningRedis } from '@sesame/test-stack/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../session-record';
import {
  BANK,
  callBothApisAtOnce,
  expireTokens,
  INVEST,
  jwtPayload,
  sessionOf,
  signInToBothApis,
  startTwoApis,
  tokensIssuedFromNow,
  type TwoApis,
} from '../test-support/two-apis';
import { redisSessionStore, type RedisSessionStore } from './redis-session-store';

const encryptionKey = randomBytes(32).toString('base64');

let redis: RunningRedis;
let apis: TwoApis;
const stores: RedisSessionStore[] = [];

const newStore = () => {
  const store = redisSessionStore({ url: redis.url, encryptionKey, lockTtlMs: 2000 });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  redis = await startRedis();
  apis = await startTwoApis();
  apis.stack.serve(apis.bffFor(newStore()), apis.bffFor(newStore()));
});
afterAll(async () => {
  await apis.stop();
  await Promise.all(stores.map((store) => store.close()));
  await redis.close();
});

describe('one access token per API on Redis, two replicas', () => {
  it('keeps both tokens sealed in Redis: nothing there reads as either token', async () => {
    const browser = apis.stack.browser();
    await browser.signIn('jane');
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect((await browser.fetch('/bff/api/investments/portfolio')).status).toBe(200);
    const session = (await stores[0]!.get(sessionOf(browser))) as SessionRecord;
    const investToken = session.apiTokens?.[INVEST]?.accessToken;
    expect(jwtPayload(investToken!).aud).toBe(INVEST);
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const values = await Promise.all((await raw.keys('*')).map((key) => raw.get(key)));
      const dump = values.join('\n');
      expect(dump).not.toContain(investToken!);
      expect(dump).not.toContain(session.accessToken);
      expect(dump).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
    } finally {
      raw.destroy();
    }
  });

  it('concurrent calls to both APIs at expiry through both replicas: one refresh per API, no invalid_grant, all succeed', async () => {
    const { browser, key } = await signInToBothApis(apis, 'jane');
    const before = await expireTokens(stores[0]!, key);
    expect(before.apiTokens?.[INVEST]).toBeDefined();
    const counters = apis.stack.idp.counters();
    const issued = tokensIssuedFromNow(apis);

    expect(await callBothApisAtOnce(browser, 40)).toEqual(Array(40).fill(200));
    const after = apis.stack.idp.counters();
    expect(issued()).toEqual({ bank: 1, invest: 1 });
    expect(after.tokenRequests.refresh_token - counters.tokenRequests.refresh_token).toBe(2);
    expect(after.tokenErrors.invalid_grant ?? 0).toBe(counters.tokenErrors.invalid_grant ?? 0);
    const session = (await stores[1]!.get(key)) as SessionRecord;
    expect(session.refreshToken).not.toBe(before.refreshToken);
    expect(jwtPayload(session.accessToken).aud).toBe(BANK);
    expect(jwtPayload(session.apiTokens![INVEST]!.accessToken).aud).toBe(INVEST);
  });

  it("a 401 from the bank API refreshes only the bank's token, whichever replica answers", async () => {
    const { browser, key } = await signInToBothApis(apis, 'jane');
    const before = (await stores[0]!.get(key)) as SessionRecord;
    const issued = tokensIssuedFromNow(apis);
    apis.stack.api.faults.set({ rejectNextValidTokens: 1 });
    expect((await browser.fetch('/bff/api/bank/accounts')).status).toBe(200);
    expect((await browser.fetch('/bff/api/investments/portfolio')).status).toBe(200);
    expect(issued()).toEqual({ bank: 1, invest: 0 });
    const after = (await stores[1]!.get(key)) as SessionRecord;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.apiTokens?.[INVEST]).toEqual(before.apiTokens?.[INVEST]);
  });
});
