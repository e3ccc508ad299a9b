import type { AuthClient } from '@sesame/core';
import { fetchJson } from '@sesame/react-query';
import type { Allocation, Performance, Portfolio } from './invest-types';

type Fetcher = Pick<AuthClient, 'fetch'>;

/**
 * The investments API's routes as functions, through Sesame's `fetch` like the bank API's: the
 * engine picks the token by the request's origin, so these requests carry the investments API's own
 * token (never the bank's), and a 401 here refreshes only that token. `apiBase` is the API's origin,
 * or the BFF's proxy `<origin>/bff/api/investments` (config/bff-paths.ts `investApiBase`).
 */
export function createInvestApi(auth: Fetcher, apiBase: string) {
  const base = apiBase.replace(/\/$/, '');
  const get = <T>(path: string, signal?: AbortSignal) =>
    fetchJson<T>(auth, new URL(base + path), signal ? { signal } : {});
  return {
    portfolio: (signal?: AbortSignal) => get<Portfolio>('/portfolio', signal),
    performance: (days: number, signal?: AbortSignal) =>
      get<Performance>(`/portfolio/performance?days=${days}`, signal),
    allocation: (signal?: AbortSignal) => get<Allocation>('/portfolio/allocation', signal),
  };
}

export type InvestApi = ReturnType<typeof createInvestApi>;
