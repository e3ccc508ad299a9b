import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useBankApi } from './bank-api-context';
import type { Card, TransferReceipt, TransferRequest } from './types';

/** Query keys in one place, so a mutation invalidates exactly what it changed. */
export const keys = {
  accounts: ['accounts'] as const,
  account: (id: string) => ['accounts', id] as const,
  transactions: (id: string, q: string) => ['accounts', id, 'transactions', q] as const,
  history: (id: string, days: number) => ['accounts', id, 'history', days] as const,
  payees: ['payees'] as const,
  cards: ['cards'] as const,
};

export function useAccounts() {
  const api = useBankApi();
  return useQuery({
    queryKey: keys.accounts,
    queryFn: ({ signal }) => api.accounts(signal).then((page) => page.items),
  });
}

export function useAccount(accountId: string) {
  const api = useBankApi();
  return useQuery({
    queryKey: keys.account(accountId),
    queryFn: ({ signal }) => api.account(accountId, signal),
  });
}

export const PAGE_SIZE = 20;

export function useTransactions(accountId: string, q: string) {
  const api = useBankApi();
  return useInfiniteQuery({
    queryKey: keys.transactions(accountId, q),
    queryFn: ({ signal, pageParam }) =>
      api.transactions(accountId, { cursor: pageParam, q, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useBalanceHistories(accountIds: readonly string[], days: number) {
  const api = useBankApi();
  return useQueries({
    queries: accountIds.map((id) => ({
      queryKey: keys.history(id, days),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.balanceHistory(id, days, signal),
    })),
  });
}

export function usePayees() {
  const api = useBankApi();
  return useQuery({
    queryKey: keys.payees,
    queryFn: ({ signal }) => api.payees(signal).then((page) => page.items),
  });
}

export function useCards() {
  const api = useBankApi();
  return useQuery({
    queryKey: keys.cards,
    queryFn: ({ signal }) => api.cards(signal).then((page) => page.items),
  });
}

/** Sends a transfer; the caller owns the Idempotency-Key (one per submission, reused on retry). */
export function useTransfer() {
  const api = useBankApi();
  const queryClient = useQueryClient();
  return useMutation<TransferReceipt, Error, { request: TransferRequest; idempotencyKey: string }>({
    mutationFn: ({ request, idempotencyKey }) => api.transfer(request, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.accounts }),
  });
}

export function useRequestCard() {
  const api = useBankApi();
  const queryClient = useQueryClient();
  return useMutation<
    Card,
    Error,
    { accountId: string; brand: Card['brand']; idempotencyKey: string }
  >({
    mutationFn: ({ accountId, brand, idempotencyKey }) =>
      api.requestCard(accountId, brand, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.cards }),
  });
}

export function useSetCardFrozen() {
  const api = useBankApi();
  const queryClient = useQueryClient();
  return useMutation<Card, Error, { cardId: string; frozen: boolean }>({
    mutationFn: ({ cardId, frozen }) => api.setCardFrozen(cardId, frozen),
    onSuccess: (card) =>
      queryClient.setQueryData<Card[]>(keys.cards, (cards) =>
        cards?.map((existing) => (existing.id === card.id ? card : existing)),
      ),
  });
}

/** The latest few transactions across `accountIds`, newest first. */
export function useRecentTransactions(accountIds: readonly string[], count: number) {
  const api = useBankApi();
  return useQueries({
    queries: accountIds.map((id) => ({
      queryKey: [...keys.transactions(id, ''), 'recent', count],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.transactions(id, { limit: count }, signal),
    })),
    combine: (results) => {
      const failed = results.find((result) => result.isError);
      const done = results.every((result) => result.data !== undefined);
      const items = done
        ? results
            .flatMap((result) => result.data?.items ?? [])
            .sort((a, b) => b.bookedAt.localeCompare(a.bookedAt))
            .slice(0, count)
        : undefined;
      return {
        data: items,
        error: failed?.error ?? null,
        isPending: !done,
        isError: Boolean(failed),
        refetch: () => Promise.all(results.map((result) => result.refetch())),
      };
    },
  });
}
