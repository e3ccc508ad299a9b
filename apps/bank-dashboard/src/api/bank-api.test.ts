import { describe, expect, it, vi } from 'vitest';
import { bankApiBase } from '../config/bff-paths';
import { DEFAULT_CONFIG } from '../config/runtime-config';
import { createBankApi } from './bank-api';

const PAGE = 'http://127.0.0.1:5173';

/** A bank API whose `fetch` records the URLs and answers `{}`; `auth` is what the app passes. */
function recordingApi(apiBase: string) {
  const fetch = vi.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response('{}', { headers: { 'Content-Type': 'application/json' } }),
  );
  const api = createBankApi({ fetch }, apiBase);
  const urls = () => fetch.mock.calls.map(([input]) => String(input));
  return { api, fetch, urls };
}

describe('bankApiBase', () => {
  it("is the API's origin in browser mode (where the engine sends the token)", () => {
    expect(bankApiBase(DEFAULT_CONFIG, PAGE)).toBe('http://127.0.0.1:4100');
  });

  it("is the BFF's proxy for the bank API on the page's own origin in BFF mode", () => {
    expect(bankApiBase({ ...DEFAULT_CONFIG, bff: true }, PAGE)).toBe(
      'http://127.0.0.1:5173/bff/api/bank',
    );
  });
});

describe('createBankApi', () => {
  it('calls the API origin in browser mode', async () => {
    const { api, urls } = recordingApi(bankApiBase(DEFAULT_CONFIG, PAGE));
    await api.accounts();
    await api.transactions('acc 1', { q: 'rent', cursor: undefined, limit: 20 });
    expect(urls()).toEqual([
      'http://127.0.0.1:4100/accounts',
      'http://127.0.0.1:4100/accounts/acc%201/transactions?q=rent&limit=20',
    ]);
  });

  it('keeps the /bff/api/bank prefix on every path and query in BFF mode', async () => {
    const { api, fetch, urls } = recordingApi(bankApiBase({ ...DEFAULT_CONFIG, bff: true }, PAGE));
    await api.accounts();
    await api.balanceHistory('acc_1', 90);
    await api.transfer(
      { fromAccountId: 'acc_1', toAccountId: 'acc_2', amount: '1.00', currency: 'EUR' },
      'key-1',
    );
    await api.setCardFrozen('card/1', true);
    expect(urls()).toEqual([
      `${PAGE}/bff/api/bank/accounts`,
      `${PAGE}/bff/api/bank/accounts/acc_1/balance-history?days=90`,
      `${PAGE}/bff/api/bank/transfers`,
      `${PAGE}/bff/api/bank/cards/card%2F1/freeze`,
    ]);
    expect(new Headers(fetch.mock.calls[2]![1]?.headers).get('Idempotency-Key')).toBe('key-1');
  });

  it('treats a trailing slash on the base like none', async () => {
    const { api, urls } = recordingApi(`${PAGE}/bff/api/bank/`);
    await api.cards();
    expect(urls()).toEqual([`${PAGE}/bff/api/bank/cards`]);
  });
});
