// What the time-to-data pages share: the settings the runner injects, the balance view that marks
// when the first balance is painted, and the two-API pages' view.
import { useEffect, useLayoutEffect, useState } from 'react';

/** Set by the benchmark (Playwright's addInitScript) before the page's own scripts run. */
export interface BenchPageConfig {
  issuer: string;
  apiUrl: string;
  clientId: string;
  scope: string;
  /** Only for the floor page: an access token already in hand. */
  token?: string;
  /** The two-API pages: the investments API (its own audience and token). */
  investApiUrl?: string;
  /** Only for the two-API floor page: the investments API's token already in hand. */
  investToken?: string;
}

declare global {
  interface Window {
    __BENCH__: BenchPageConfig;
    /** ms since navigation start when the first balance was painted. */
    __BALANCE_PAINTED__?: number;
  }
}

export const config = (): BenchPageConfig => window.__BENCH__;

interface Account {
  id: string;
  balanceMinor: number;
  currency: string;
}

/** Reads the accounts answer (throws on a non-200, so a failure is never timed as success). */
export async function firstAccount(response: Response): Promise<Account> {
  if (!response.ok) throw new Error(`GET /accounts answered ${response.status}`);
  const { items } = (await response.json()) as { items: Account[] };
  const first = items[0];
  if (!first) throw new Error('no accounts');
  return first;
}

/** Reads the investments API's portfolio answer: its total, in minor units. */
export async function portfolioTotal(response: Response): Promise<number> {
  if (!response.ok) throw new Error(`GET /portfolio answered ${response.status}`);
  const { totalValueMinor } = (await response.json()) as { totalValueMinor: number };
  return totalValueMinor;
}

/**
 * Shows the balance and records when it reached the screen: after React commits it, the next
 * animation frame is the one that paints it, and a task queued from that frame runs after the
 * paint.
 */
export function Balance({ account }: { account: Account }) {
  useLayoutEffect(() => {
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__BALANCE_PAINTED__ ??= performance.now();
      }),
    );
  }, []);
  const amount = (account.balanceMinor / 100).toFixed(2);
  return (
    <p id="balance">
      {account.id}: {amount} {account.currency}
    </p>
  );
}

/**
 * The two-API pages' view: calls `load` once (again only if it changes), then shows the portfolio's
 * total and the balance, or the error.
 */
export function TwoApiFigures({ load }: { load: () => Promise<[Account, number]> }) {
  const [data, setData] = useState<{ account: Account; portfolio: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load().then(
      ([account, portfolio]) => setData({ account, portfolio }),
      (caught: unknown) => setError(String(caught)),
    );
  }, [load]);
  if (error) return <p id="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <>
      <p id="portfolio">{(data.portfolio / 100).toFixed(2)}</p>
      <Balance account={data.account} />
    </>
  );
}
