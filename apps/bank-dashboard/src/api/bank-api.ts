import type { AuthClient } from '@sesame/core';
import { fetchJson } from '@sesame/react-query';
import type {
  Account,
  BalanceHistory,
  Card,
  Payee,
  TransactionPage,
  TransferReceipt,
  TransferRequest,
} from './types';

type Fetcher = Pick<AuthClient, 'fetch'>;

/**
 * The bank API's routes as functions. Every call goes through Sesame's `fetch`, so the access token
 * goes to the API origin only, and a 401 is refreshed and retried once by the engine (in BFF mode,
 * by the BFF). `apiBase` is what each path is appended to (config/bff-paths.ts `bankApiBase`): the
 * API's origin, or the BFF's proxy `<origin>/bff/api/bank`.
 */
export function createBankApi(auth: Fetcher, apiBase: string) {
  const base = apiBase.replace(/\/$/, '');
  const url = (path: string, query?: Record<string, string | number | undefined>) => {
    // Appended, not resolved: `new URL('/accounts', base)` would drop the base's own path.
    const target = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') target.searchParams.set(key, String(value));
    }
    return target;
  };
  const get = <T>(
    path: string,
    signal?: AbortSignal,
    query?: Record<string, string | number | undefined>,
  ) => fetchJson<T>(auth, url(path, query), signal ? { signal } : {});
  const post = <T>(path: string, body: unknown, idempotencyKey?: string) =>
    fetchJson<T>(auth, url(path), {
      method: 'POST',
      json: body,
      ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
    });
  const id = encodeURIComponent;

  return {
    accounts: (signal?: AbortSignal) => get<{ items: Account[] }>('/accounts', signal),
    account: (accountId: string, signal?: AbortSignal) =>
      get<Account>(`/accounts/${id(accountId)}`, signal),
    transactions: (
      accountId: string,
      options: { cursor?: string | undefined; q?: string; limit?: number },
      signal?: AbortSignal,
    ) =>
      get<TransactionPage>(`/accounts/${id(accountId)}/transactions`, signal, {
        cursor: options.cursor,
        q: options.q,
        limit: options.limit,
      }),
    balanceHistory: (accountId: string, days: number, signal?: AbortSignal) =>
      get<BalanceHistory>(`/accounts/${id(accountId)}/balance-history`, signal, { days }),
    payees: (signal?: AbortSignal) => get<{ items: Payee[] }>('/payees', signal),
    cards: (signal?: AbortSignal) => get<{ items: Card[] }>('/cards', signal),
    requestCard: (accountId: string, brand: Card['brand'], idempotencyKey: string) =>
      post<Card>('/cards', { accountId, brand }, idempotencyKey),
    setCardFrozen: (cardId: string, frozen: boolean) =>
      post<Card>(`/cards/${id(cardId)}/${frozen ? 'freeze' : 'unfreeze'}`, {}),
    transfer: (request: TransferRequest, idempotencyKey: string) =>
      post<TransferReceipt>('/transfers', request, idempotencyKey),
  };
}

export type BankApi = ReturnType<typeof createBankApi>;
