// Faults and load: money moved through client.fetch while the API fails, rejects tokens and loses
// answers; and many users at once. Real engine, real IdP, real bank API; every random choice seeded.
import { isAuthError } from '@sesame/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetBrowser, signedIn } from './support/browser';
import { seeded, startLossyProxy, type LossyProxy } from './support/lossy-proxy';
import { expectNotLogged, startStack, type DemoLogin, type Stack } from './support/stack';

const TRANSFERS = 500;
// One transfer at a time. A random 401 is armed before an attempt and hits that attempt's first
// request; with transfers in parallel it could also hit another request's retry, and a 401 on the
// retry with a freshly refreshed token is, by client.fetch's rule, the end of the session (an API that
// refuses our tokens), not something to retry. Concurrency is covered by the load case below.
const WORKERS = 1;
const MAX_ATTEMPTS = 25;

let stack: Stack;
let lossy: LossyProxy;
beforeAll(async () => {
  resetBrowser();
  stack = await startStack({ api: { random: seeded(9) } });
  lossy = await startLossyProxy(stack.api.url, seeded(7));
});
afterAll(async () => {
  await lossy.stop();
  await stack.stop();
});

/** Reads every transaction of an account whose text matches `q`, page by page. */
async function transactionsMatching(token: string, accountId: string, q: string) {
  const found: { reference: string | null; amountMinor: number }[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ q, limit: '100', ...(cursor && { cursor }) });
    const response = await fetch(`${stack.api.url}/accounts/${accountId}/transactions?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as {
      items: { reference: string | null; amountMinor: number }[];
      nextCursor: string | null;
    };
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

describe('faults and load', () => {
  it(`${TRANSFERS} transfers through client.fetch with 20% injected 500s, random 401s and 5% lost answers, retried with their idempotency keys → each applied exactly once, ledger balanced`, async () => {
    const { client } = await signedIn(stack, { apiOrigins: [lossy.url] });
    const chaos = seeded(3);
    const amountOf = (i: number) => (i % 97) + 1; // cents
    const expectedTotal = Array.from({ length: TRANSFERS }, (_, i) => amountOf(i)).reduce(
      (a, b) => a + b,
    );
    // The bank seeds a customer on their first request.
    expect((await client.fetch(`${lossy.url}/accounts`)).status).toBe(200);
    const checkingBefore = stack.api.ledger.balanceMinor('acc_jane_checking')!;
    const savingsBefore = stack.api.ledger.balanceMinor('acc_jane_savings')!;
    expect(checkingBefore).toBeGreaterThan(expectedTotal);
    const refreshesBefore = stack.proxy.tokenRequests.refresh_token;
    stack.api.faults.set({ errorRate: 0.2 });
    lossy.lossRate = 0.05;

    const seen = { attempts: 0, status500: 0, lostAnswers: 0, replayed: 0, injected401: 0 };
    const outcome: (number | string)[] = [];
    let next = 0;
    /** Tries until the API confirms (201); the outcome is 201, another status, or the error. */
    async function transfer(i: number): Promise<void> {
      const body = JSON.stringify({
        fromAccountId: 'acc_jane_checking',
        toAccountId: 'acc_jane_savings',
        amount: (amountOf(i) / 100).toFixed(2),
        currency: 'EUR',
        reference: `battery-${i}`,
      });
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        seen.attempts++;
        if (chaos() < 0.1) {
          stack.api.faults.set({ rejectNextValidTokens: 1 }); // some request's valid token gets a 401
          seen.injected401++;
        }
        try {
          const response = await client.fetch(`${lossy.url}/transfers`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `battery-${i}` },
            body,
          });
          if (response.headers.get('idempotent-replayed')) seen.replayed++;
          await response.body?.cancel();
          if (response.status !== 500) {
            outcome[i] = response.status;
            return;
          }
          seen.status500++;
        } catch (error) {
          if (!isAuthError(error, 'network_error')) {
            outcome[i] = String(error);
            return;
          }
          seen.lostAnswers++;
        }
      }
      outcome[i] = 'gave up';
    }
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < TRANSFERS) await transfer(next++);
      }),
    );
    stack.api.faults.reset();
    lossy.lossRate = 0;

    // Every transfer succeeded in the end, after real trouble of every kind.
    expect(outcome.filter((status) => status !== 201)).toEqual([]);
    expect(outcome).toHaveLength(TRANSFERS);
    expect(seen.status500).toBeGreaterThan(50);
    expect(seen.lostAnswers).toBeGreaterThan(5);
    expect(seen.replayed).toBeGreaterThan(0);
    const refreshes = stack.proxy.tokenRequests.refresh_token - refreshesBefore;
    console.log(`transfers: ${JSON.stringify({ ...seen, refreshes, lostByProxy: lossy.lost })}`);
    expect(refreshes).toBeGreaterThan(0);
    expect(refreshes).toBeLessThanOrEqual(seen.injected401);
    expect(client.getSnapshot().status).toBe('authenticated');

    // Exactly once: the money moved is the sum of the amounts, and each reference is booked once.
    expect(stack.api.ledger.balanceMinor('acc_jane_checking')).toBe(checkingBefore - expectedTotal);
    expect(stack.api.ledger.balanceMinor('acc_jane_savings')).toBe(savingsBefore + expectedTotal);
    const booked = await transactionsMatching(
      await client.getAccessToken(),
      'acc_jane_savings',
      'battery-',
    );
    const references = booked.map((transaction) => transaction.reference);
    expect(new Set(references).size).toBe(TRANSFERS);
    expect(references).toHaveLength(TRANSFERS);
    expect(stack.api.ledger.check()).toMatchObject({ balanced: true, problems: [] });
    expectNotLogged(stack, await client.getAccessToken());
  }, 120_000);

  it('concurrent load from three users (600 requests interleaved, 20% injected 500s) → every response holds only its own user’s data', async () => {
    const users: DemoLogin[] = ['jane.doe', 'john.smith', 'ann.viewer'];
    const keyOf = (login: DemoLogin) => login.split('.')[0]!; // jane, john, ann
    const tokens = new Map(
      await Promise.all(
        users.map(async (login) => [login, (await stack.tokensFor(login)).access_token] as const),
      ),
    );
    stack.api.faults.set({ errorRate: 0.2 });
    const pick = seeded(11);
    const paths = (me: string) => [
      '/me',
      '/accounts',
      `/accounts/acc_${me}_checking`,
      `/accounts/acc_${me}_checking/transactions?limit=50`,
      `/accounts/acc_${me}_savings/transactions?limit=50`,
      '/payees',
      '/cards',
    ];
    const requests = Array.from({ length: 600 }, () => {
      const login = users[Math.floor(pick() * users.length)]!;
      const options = paths(keyOf(login));
      return { login, path: options[Math.floor(pick() * options.length)]! };
    });
    const results = await Promise.all(
      requests.map(async ({ login, path }) => {
        const response = await fetch(`${stack.api.url}${path}`, {
          headers: { authorization: `Bearer ${tokens.get(login)!}` },
        });
        return { login, path, status: response.status, text: await response.text() };
      }),
    );
    stack.api.faults.reset();

    const ok = results.filter((result) => result.status === 200);
    const failed = results.filter((result) => result.status !== 200);
    expect(ok.length).toBeGreaterThan(400);
    expect(failed.length).toBeGreaterThan(50);
    for (const result of failed) {
      expect(result.status).toBe(500);
      expect(result.text).not.toMatch(/acc_|usr_|IBAN|DE\d{2}/);
    }
    for (const result of ok) {
      const me = keyOf(result.login);
      for (const someoneElse of users.map(keyOf).filter((key) => key !== me)) {
        expect(result.text, `${result.login} ${result.path}`).not.toContain(`_${someoneElse}_`);
      }
      if (result.path === '/me')
        expect(result.text).toContain(`usr_${result.login.replace('.', '_')}`);
      if (result.path === '/accounts') expect(result.text).toContain(`acc_${me}_checking`);
    }
    // The API's own log agrees: each request was served as the user whose token it carried.
    const served = stack.api.requestLog.slice(-600);
    expect(served.every((entry) => entry.sub === undefined || entry.sub.startsWith('usr_'))).toBe(
      true,
    );
    expectNotLogged(stack, ...tokens.values());
  }, 120_000);
});
