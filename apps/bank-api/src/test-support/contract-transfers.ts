import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newKey, type ContractEnv } from './contract.js';

const internal = (amount: string) => ({
  fromAccountId: 'acc_jane_checking',
  toAccountId: 'acc_jane_savings',
  amount,
  currency: 'EUR',
});

/**
 * Exactly-once transfers, a balanced ledger under concurrency, and fault injection. Shared by the
 * fake-issuer and real-IdP suites.
 */
export function describeTransfersContract(label: string, setup: () => Promise<ContractEnv>): void {
  describe(`transfers and faults (${label})`, () => {
    let env: ContractEnv;
    beforeAll(async () => {
      env = await setup();
    });
    afterEach(() => {
      env.api.faults.reset();
    });
    afterAll(async () => {
      const logged = JSON.stringify([env.api.logs, env.api.requestLog]);
      for (const token of env.sentTokens) expect(logged).not.toContain(token);
      await env.stop();
    });

    it('moves money once when one transfer is sent 10 times with the same key', async () => {
      const token = await env.tokenFor('jane');
      // Customers are seeded on their first request: make that happen before reading balances.
      expect((await env.call('/accounts', { token })).status).toBe(200);
      expect((await env.call('/accounts', { token: await env.tokenFor('john') })).status).toBe(200);
      const key = newKey();
      const before = env.api.ledger.balanceMinor('acc_jane_checking') ?? 0;
      const responses = [];
      for (let i = 0; i < 10; i += 1) {
        responses.push(
          await env.call('/transfers', {
            token,
            body: internal('7.00'),
            headers: { 'idempotency-key': key },
          }),
        );
      }
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(responses.map((r) => r.headers.get('idempotent-replayed'))).toEqual([
        null,
        ...Array(9).fill('true'),
      ]);
      expect(env.api.ledger.balanceMinor('acc_jane_checking')).toBe(before - 700);
    });

    it('moves money once when the same key arrives 10 times at once', async () => {
      const token = await env.tokenFor('jane');
      const key = newKey();
      const before = env.api.ledger.balanceMinor('acc_jane_checking') ?? 0;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          env.call('/transfers', {
            token,
            body: internal('3.00'),
            headers: { 'idempotency-key': key },
          }),
        ),
      );
      expect(responses.every((r) => r.status === 201)).toBe(true);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(env.api.ledger.balanceMinor('acc_jane_checking')).toBe(before - 300);
    });

    it('refuses a reused key with another body, a missing key, and keeps keys per user', async () => {
      const jane = await env.tokenFor('jane');
      const key = newKey();
      expect(
        (
          await env.call('/transfers', {
            token: jane,
            body: internal('1.00'),
            headers: { 'idempotency-key': key },
          })
        ).status,
      ).toBe(201);
      const reused = await env.call('/transfers', {
        token: jane,
        body: internal('2.00'),
        headers: { 'idempotency-key': key },
      });
      expect(reused).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
      const missing = await env.call('/transfers', { token: jane, body: internal('1.00') });
      expect(missing).toMatchObject({ status: 400, body: { code: 'idempotency_key_required' } });
      const john = await env.tokenFor('john');
      const johns = await env.call('/transfers', {
        token: john,
        body: {
          ...internal('1.00'),
          fromAccountId: 'acc_john_checking',
          toAccountId: 'acc_john_savings',
        },
        headers: { 'idempotency-key': key },
      });
      expect(johns.status).toBe(201);
      expect(johns.headers.get('idempotent-replayed')).toBeNull();
    });

    it('issues one card for a repeated POST /cards with the same Idempotency-Key', async () => {
      const token = await env.tokenFor('john');
      const count = async () => (await env.call('/cards', { token })).body.items.length as number;
      const before = await count();
      const key = newKey();
      const send = () =>
        env.call('/cards', {
          token,
          body: { accountId: 'acc_john_checking' },
          headers: { 'idempotency-key': key },
        });
      const [first, second] = [await send(), await send()];
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await count()).toBe(before + 1);
    });

    it('answers each invalid transfer with its 4xx and changes no balance', async () => {
      const token = await env.tokenFor('jane');
      const before = env.api.ledger.check();
      const cases: [unknown, number, string][] = [
        [internal('-1.00'), 422, 'invalid_amount'],
        [internal('0'), 422, 'invalid_amount'],
        [internal('abc'), 422, 'invalid_amount'],
        [internal('1.234'), 422, 'invalid_amount'],
        [{ ...internal('1.00'), currency: 'USD' }, 422, 'unsupported_currency'],
        [internal('99999999.00'), 422, 'invalid_amount'],
        [internal('999999.00'), 422, 'insufficient_funds'],
        [{ ...internal('1.00'), toAccountId: 'acc_jane_checking' }, 422, 'same_account'],
        [{ ...internal('1.00'), fromAccountId: 'acc_nope' }, 404, 'account_not_found'],
      ];
      for (const [body, status, code] of cases) {
        const response = await env.call('/transfers', {
          token,
          body,
          headers: { 'idempotency-key': newKey() },
        });
        expect(response, code).toMatchObject({ status, body: { code } });
        expect(typeof response.body.message).toBe('string');
      }
      const after = env.api.ledger.check();
      expect(after.totalMinor).toBe(before.totalMinor);
      expect(after.externalPaymentsMinor).toBe(before.externalPaymentsMinor);
    });

    it('keeps the ledger balanced through 200 concurrent transfers', async () => {
      const tokens = { jane: await env.tokenFor('jane'), john: await env.tokenFor('john') };
      const start = env.api.ledger.check();
      const requests = Array.from({ length: 200 }, (_, i) => {
        const user = i % 2 === 0 ? 'jane' : 'john';
        const [checking, savings] = [`acc_${user}_checking`, `acc_${user}_savings`];
        const kind = i % 5;
        const body =
          kind === 0
            ? { fromAccountId: checking, toAccountId: savings, amount: '5.25', currency: 'EUR' }
            : kind === 1
              ? { fromAccountId: savings, toAccountId: checking, amount: '3.10', currency: 'EUR' }
              : kind === 2
                ? {
                    fromAccountId: checking,
                    toPayeeId: `payee_${user}_1`,
                    amount: '1.99',
                    currency: 'EUR',
                  }
                : kind === 3
                  ? {
                      fromAccountId: checking,
                      toIban: 'DE89370400440532013000',
                      toName: 'Shop',
                      amount: '0.50',
                      currency: 'EUR',
                    }
                  : {
                      fromAccountId: checking,
                      toPayeeId: `payee_${user}_1`,
                      amount: '900000.00',
                      currency: 'EUR',
                    };
        return env.call('/transfers', {
          token: tokens[user],
          body,
          headers: { 'idempotency-key': newKey() },
        });
      });
      const responses = await Promise.all(requests);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(160);
      expect(
        responses.filter((r) => r.status === 422 && r.body.code === 'insufficient_funds'),
      ).toHaveLength(40);
      const external = responses
        .filter((r) => r.status === 201 && r.body.kind === 'external')
        .reduce((sum, r) => sum + BigInt(r.body.amountMinor), 0n);
      expect(external).toBe(40n * 199n + 40n * 50n);
      const end = env.api.ledger.check();
      expect(end.problems).toEqual([]);
      expect(end.balanced).toBe(true);
      expect(end.externalPaymentsMinor - start.externalPaymentsMinor).toBe(external);
      expect(start.totalMinor - end.totalMinor).toBe(external);
    });

    it('rejects the next N valid tokens with 401, then serves normally', async () => {
      const token = await env.tokenFor('jane');
      env.api.faults.set({ rejectNextValidTokens: 3 });
      expect((await env.call('/accounts')).status).toBe(401); // no token: does not use up a rejection
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await env.call('/accounts', { token })).status);
      expect(statuses).toEqual([401, 401, 401, 200, 200]);
      const rejected = env.api.requestLog.filter((entry) => entry.error === 'invalid_token').at(-1);
      expect(rejected).toMatchObject({ status: 401, sub: 'usr_jane_doe' });
    });

    it('rejects every valid token while rejectAllValidTokens is on', async () => {
      const token = await env.tokenFor('john');
      env.api.faults.set({ rejectAllValidTokens: true });
      const response = await env.call('/me', { token });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      env.api.faults.set({ rejectAllValidTokens: false });
      expect((await env.call('/me', { token })).status).toBe(200);
    });

    it('never applies a transfer half-way when errors are injected', async () => {
      const token = await env.tokenFor('jane');
      const checking = 'acc_jane_checking';
      const savings = 'acc_jane_savings';
      const before = [env.api.ledger.balanceMinor(checking), env.api.ledger.balanceMinor(savings)];
      env.api.faults.set({ errorRate: 1 });
      const key = newKey();
      const failed = await env.call('/transfers', {
        token,
        body: internal('2.50'),
        headers: { 'idempotency-key': key },
      });
      expect(failed).toMatchObject({ status: 500, body: { code: 'injected_fault' } });
      expect([env.api.ledger.balanceMinor(checking), env.api.ledger.balanceMinor(savings)]).toEqual(
        before,
      );

      // The same key works once the fault is gone: the failure was not remembered as a result.
      env.api.faults.set({ errorRate: 0 });
      const retried = await env.call('/transfers', {
        token,
        body: internal('2.50'),
        headers: { 'idempotency-key': key },
      });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();

      // Half the requests fail (the env's random source is seeded): each one either moved both
      // sides or nothing.
      env.api.faults.set({ errorRate: 0.5 });
      const start = env.api.ledger.balanceMinor(savings) ?? 0;
      const responses = [];
      for (let i = 0; i < 30; i += 1) {
        responses.push(
          await env.call('/transfers', {
            token,
            body: internal('1.00'),
            headers: { 'idempotency-key': newKey() },
          }),
        );
      }
      const applied = responses.filter((r) => r.status === 201).length;
      expect(responses.every((r) => r.status === 201 || r.body.code === 'injected_fault')).toBe(
        true,
      );
      expect(applied).toBeGreaterThan(0);
      expect(applied).toBeLessThan(30);
      expect((env.api.ledger.balanceMinor(savings) ?? 0) - start).toBe(applied * 100);
      expect(env.api.ledger.check().problems).toEqual([]);
    });

    it('adds the configured latency to API responses', async () => {
      const token = await env.tokenFor('jane');
      env.api.faults.set({ latencyMs: 60 });
      await env.call('/accounts', { token });
      expect(env.api.requestLog.at(-1)?.durationMs).toBeGreaterThanOrEqual(59);
    });
  });
}
