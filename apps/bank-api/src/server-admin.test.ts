import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.js';

describe('admin endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ admin: true });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('reads and changes fault settings without a token, validating them', async () => {
    expect((await h.call('/__admin/faults')).body).toEqual({
      latencyMs: 0,
      errorRate: 0,
      rejectNextValidTokens: 0,
      rejectAllValidTokens: false,
    });
    const set = await h.call('/__admin/faults', {
      body: { rejectNextValidTokens: 2, latencyMs: 5 },
    });
    expect(set.body).toMatchObject({ rejectNextValidTokens: 2, latencyMs: 5, errorRate: 0 });
    expect(h.api.faults.get().rejectNextValidTokens).toBe(2);
    const invalid = await h.call('/__admin/faults', { body: { errorRate: 2 } });
    expect(invalid).toMatchObject({ status: 422, body: { code: 'validation_failed' } });
    const unknown = await h.call('/__admin/faults', { body: { explode: true } });
    expect(unknown.status).toBe(422);
  });

  it('resets data and faults', async () => {
    h.api.faults.reset();
    const token = await h.idp.mint();
    const before = (await h.call('/accounts/acc_jane_checking', { token })).body;
    await h.call('/transfers', {
      token,
      headers: { 'idempotency-key': 'admin-reset' },
      body: {
        fromAccountId: 'acc_jane_checking',
        toPayeeId: 'payee_jane_1',
        amount: '10.00',
        currency: 'EUR',
      },
    });
    h.api.faults.set({ latencyMs: 1 });
    expect((await h.call('/__admin/reset', { method: 'POST' })).status).toBe(204);
    expect(h.api.faults.get().latencyMs).toBe(0);
    const after = (await h.call('/accounts/acc_jane_checking', { token })).body;
    expect(after.balanceMinor).toBe(before.balanceMinor);
    // The idempotency key is forgotten along with the data.
    const again = await h.call('/transfers', {
      token,
      headers: { 'idempotency-key': 'admin-reset' },
      body: {
        fromAccountId: 'acc_jane_checking',
        toPayeeId: 'payee_jane_1',
        amount: '10.00',
        currency: 'EUR',
      },
    });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('serves the request log and ledger, with CORS for the dashboard', async () => {
    const log = await h.call('/__admin/request-log?limit=2', {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(log.status).toBe(200);
    expect(log.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toHaveProperty('tokenKind');
    const ledger = await h.call('/__admin/ledger');
    expect(ledger.body).toMatchObject({ balanced: true, problems: [] });
    expect(BigInt(ledger.body.initialMinor)).toBe(
      BigInt(ledger.body.totalMinor) + BigInt(ledger.body.externalPaymentsMinor),
    );
  });
});

describe('without admin: true', () => {
  it('does not mount /__admin at all', async () => {
    const h = await startHarness();
    try {
      expect((await h.call('/__admin/faults')).status).toBe(404);
      expect((await h.call('/__admin/reset', { method: 'POST' })).status).toBe(404);
      expect(h.api.faults.get().latencyMs).toBe(0);
    } finally {
      await h.stop();
    }
  });
});

describe('generated customers', () => {
  it('gives any other valid sub a small, stable, private bank', async () => {
    const h = await startHarness();
    try {
      const token = await h.idp.mint({ claims: { sub: 'load-test-user-0042' } });
      const first = await h.call('/accounts', { token });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0].id).toMatch(/^acc_[0-9a-f]{12}_checking$/);
      const other = await h.call('/accounts', {
        token: await h.idp.mint({ claims: { sub: 'load-test-user-0043' } }),
      });
      expect(other.body.items[0].id).not.toBe(first.body.items[0].id);
      const peek = await h.call(`/accounts/${other.body.items[0].id}`, { token });
      expect(peek.status).toBe(404);
      h.api.resetData();
      expect((await h.call('/accounts', { token })).body).toEqual(first.body);
    } finally {
      await h.stop();
    }
  });
});
