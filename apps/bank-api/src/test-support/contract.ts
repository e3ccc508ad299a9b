import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidIban } from '../bank/iban.js';
import type { RunningBankApi } from '../server.js';
import type { Caller } from './caller.js';

/** The three demo users and what each may do. */
export const USERS = {
  jane: { sub: 'usr_jane_doe', key: 'jane', name: 'Jane Doe', canWrite: true },
  john: { sub: 'usr_john_smith', key: 'john', name: 'John Smith', canWrite: true },
  ann: { sub: 'usr_ann_viewer', key: 'ann', name: 'Ann Viewer', canWrite: false },
} as const;
export type DemoUser = keyof typeof USERS;

/** Whatever issues the tokens (the fake issuer, or the real IdP through a code + PKCE flow). */
export interface ContractEnv {
  readonly api: RunningBankApi;
  readonly call: Caller;
  readonly sentTokens: Set<string>;
  tokenFor(user: DemoUser): Promise<string>;
  stop(): Promise<void>;
}

let keyCounter = 0;
/** A fresh Idempotency-Key. */
export const newKey = () => `test-key-${process.pid}-${(keyCounter += 1)}-${Math.random()}`;

/**
 * Read and write paths of every route for every demo user, and one user never seeing another's
 * data. Shared by the fake-issuer and real-IdP suites so both prove the same behaviour.
 */
export function describeRoutesContract(label: string, setup: () => Promise<ContractEnv>): void {
  describe(`bank API routes (${label})`, () => {
    let env: ContractEnv;
    beforeAll(async () => {
      env = await setup();
    });
    afterAll(async () => {
      const logged = JSON.stringify([env.api.logs, env.api.requestLog]);
      for (const token of env.sentTokens) expect(logged).not.toContain(token);
      await env.stop();
    });

    describe.each(Object.keys(USERS) as DemoUser[])('as %s', (user) => {
      const who = USERS[user];

      it('reads profile, accounts, transactions, history, payees and cards', async () => {
        const token = await env.tokenFor(user);
        const me = await env.call('/me', { token });
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ sub: who.sub, name: who.name });
        expect(me.body.scopes).toContain('accounts:read');

        const accounts = await env.call('/accounts', { token });
        expect(accounts.status).toBe(200);
        expect(accounts.body.items.map((a: { id: string }) => a.id)).toEqual([
          `acc_${who.key}_checking`,
          `acc_${who.key}_savings`,
        ]);
        for (const account of accounts.body.items) {
          expect(account.currency).toBe('EUR');
          expect(Number.isSafeInteger(account.balanceMinor)).toBe(true);
          expect(isValidIban(account.iban)).toBe(true);
          const single = await env.call(`/accounts/${account.id}`, { token });
          expect(single.body).toEqual(account);
        }

        const checking = accounts.body.items[0];
        const page1 = await env.call(`/accounts/${checking.id}/transactions?limit=10`, { token });
        expect(page1.status).toBe(200);
        expect(page1.body.items).toHaveLength(10);
        expect(typeof page1.body.nextCursor).toBe('string');
        const page2 = await env.call(
          `/accounts/${checking.id}/transactions?limit=10&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
          { token },
        );
        expect(page2.body.items[0].bookedAt <= page1.body.items[9].bookedAt).toBe(true);
        expect(page2.body.items[0].id).not.toBe(page1.body.items[9].id);

        const history = await env.call(`/accounts/${checking.id}/balance-history`, { token });
        expect(history.body.days).toHaveLength(90);
        expect(history.body.days.at(-1).closingBalanceMinor).toBe(checking.balanceMinor);

        const payees = await env.call('/payees', { token });
        expect(payees.body.items.length).toBeGreaterThan(0);
        for (const payee of payees.body.items) expect(isValidIban(payee.iban)).toBe(true);

        const cards = await env.call('/cards', { token });
        expect(cards.body.items.length).toBeGreaterThan(0);
        expect(
          cards.body.items.every((c: { accountId: string }) => c.accountId === checking.id),
        ).toBe(true);
      });

      it(
        who.canWrite ? 'transfers money and manages cards' : 'is refused every write with 403',
        async () => {
          const token = await env.tokenFor(user);
          const from = `acc_${who.key}_checking`;
          const to = `acc_${who.key}_savings`;
          const before = env.api.ledger.balanceMinor(from) ?? 0;
          const transfer = await env.call('/transfers', {
            token,
            headers: { 'idempotency-key': newKey() },
            body: {
              fromAccountId: from,
              toAccountId: to,
              amount: '12.34',
              currency: 'EUR',
              reference: 'Contract',
            },
          });
          const newCard = await env.call('/cards', { token, body: { accountId: from } });
          const freeze = await env.call(`/cards/card_${who.key}_1/freeze`, {
            method: 'POST',
            token,
          });
          if (!who.canWrite) {
            expect([transfer.status, newCard.status, freeze.status]).toEqual([403, 403, 403]);
            expect(env.api.ledger.balanceMinor(from)).toBe(before);
            return;
          }
          expect(transfer.status).toBe(201);
          expect(transfer.body).toMatchObject({
            kind: 'internal',
            amountMinor: 1234,
            balanceAfterMinor: before - 1234,
          });
          expect(env.api.ledger.balanceMinor(from)).toBe(before - 1234);
          const latest = await env.call(`/accounts/${to}/transactions?limit=1`, { token });
          expect(latest.body.items[0]).toMatchObject({
            amountMinor: 1234,
            transferId: transfer.body.id,
          });

          expect(newCard.status).toBe(201);
          expect(newCard.body).toMatchObject({
            accountId: from,
            status: 'active',
            holderName: who.name,
          });
          expect(freeze.body.status).toBe('frozen');
          const unfreeze = await env.call(`/cards/card_${who.key}_1/unfreeze`, {
            method: 'POST',
            token,
          });
          expect(unfreeze.body.status).toBe('active');
        },
      );
    });

    it('never shows one user another user’s data, on any route', async () => {
      const john = await env.tokenFor('john');
      const jane = await env.tokenFor('jane');
      const johnsAccounts = (await env.call('/accounts', { token: john })).body.items;
      const johnsIbans: string[] = johnsAccounts.map((a: { iban: string }) => a.iban);
      const probes: [string, string, unknown?][] = [
        ['GET', '/accounts/acc_john_checking'],
        ['GET', '/accounts/acc_john_savings'],
        ['GET', '/accounts/acc_john_checking/transactions'],
        ['GET', '/accounts/acc_john_checking/balance-history'],
        [
          'POST',
          '/transfers',
          {
            fromAccountId: 'acc_john_checking',
            toAccountId: 'acc_jane_savings',
            amount: '1.00',
            currency: 'EUR',
          },
        ],
        [
          'POST',
          '/transfers',
          {
            fromAccountId: 'acc_jane_checking',
            toAccountId: 'acc_john_checking',
            amount: '1.00',
            currency: 'EUR',
          },
        ],
        [
          'POST',
          '/transfers',
          {
            fromAccountId: 'acc_jane_checking',
            toPayeeId: 'payee_john_1',
            amount: '1.00',
            currency: 'EUR',
          },
        ],
        ['POST', '/cards', { accountId: 'acc_john_checking' }],
        ['POST', '/cards/card_john_1/freeze'],
        ['POST', '/cards/card_john_2/unfreeze'],
      ];
      const balancesBefore = johnsAccounts.map((a: { id: string }) =>
        env.api.ledger.balanceMinor(a.id),
      );
      for (const [method, path, body] of probes) {
        const response = await env.call(path, {
          method,
          token: jane,
          ...(body === undefined ? {} : { body, headers: { 'idempotency-key': newKey() } }),
        });
        expect(response.status, `${method} ${path}`).toBe(404);
        const text = JSON.stringify(response.body);
        expect(text).not.toContain('John');
        for (const iban of johnsIbans) expect(text).not.toContain(iban);
      }
      const unknown = await env.call('/accounts/acc_nobody_checking', { token: jane });
      expect(unknown.body).toEqual(
        (await env.call('/accounts/acc_john_checking', { token: jane })).body,
      );
      for (const path of ['/me', '/accounts', '/payees', '/cards']) {
        const text = JSON.stringify((await env.call(path, { token: jane })).body);
        expect(text).not.toContain('john');
        expect(text).not.toContain('John');
      }
      expect(johnsAccounts.map((a: { id: string }) => env.api.ledger.balanceMinor(a.id))).toEqual(
        balancesBefore,
      );
    });
  });
}
