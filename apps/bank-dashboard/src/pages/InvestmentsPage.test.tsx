// The real Investments page, its queries and API client, with a mock session instead of an identity
// provider and a stub of the investments API that answers per customer.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerOf, createMockAuthClient, expectBearer } from '@sesame/testing';
import { createInvestApi } from '../api/invest-api';
import { InvestApiProvider } from '../api/invest-api-context';
import type { Allocation, Performance, Portfolio } from '../api/invest-types';
import type { BankClaims } from '../auth/session';
import { InvestmentsPage } from './InvestmentsPage';
import { renderWithMockSession, type MockBankAuth } from './test-support';

const INVEST = 'https://invest.bank.test';

const portfolioOf = (sub: string): Portfolio => ({
  currency: 'EUR',
  asOf: '2025-03-15',
  totalValueMinor: sub === 'ann' ? 1_500_000 : 250_000,
  holdings: [
    {
      symbol: 'SSWE',
      name: 'Sesame World Equity',
      assetClass: 'equity',
      quantity: 100,
      priceMinor: 10_000,
      valueMinor: 1_000_000,
      weight: 0.6667,
    },
    {
      symbol: 'CASH',
      name: 'Cash (EUR)',
      assetClass: 'cash',
      quantity: 1,
      priceMinor: 500_000,
      valueMinor: 500_000,
      weight: 0.3333,
    },
  ],
});

const performance: Performance = {
  currency: 'EUR',
  points: [
    { date: '2025-03-13', valueMinor: 1_400_000 },
    { date: '2025-03-14', valueMinor: 1_450_000 },
    { date: '2025-03-15', valueMinor: 1_500_000 },
  ],
};

const allocation: Allocation = {
  currency: 'EUR',
  items: [
    { assetClass: 'equity', valueMinor: 1_000_000, weight: 0.6667 },
    { assetClass: 'cash', valueMinor: 500_000, weight: 0.3333 },
  ],
};

/** The investments API's routes the page reads, for whoever's token the request carries. */
async function investApi(request: Request): Promise<Response> {
  const sub = bearerOf(request)?.sub;
  if (!sub) return new Response(null, { status: 401 });
  const { pathname, searchParams } = new URL(request.url);
  if (pathname === '/portfolio') return Response.json(portfolioOf(sub));
  if (pathname === '/portfolio/performance' && searchParams.get('days') === '90') {
    return Response.json(performance);
  }
  if (pathname === '/portfolio/allocation') return Response.json(allocation);
  return new Response(null, { status: 404 });
}

function renderPage(auth: MockBankAuth) {
  renderWithMockSession(
    auth,
    (children) => (
      <InvestApiProvider api={createInvestApi(auth, INVEST)}>{children}</InvestApiProvider>
    ),
    <InvestmentsPage />,
  );
}

const ann = () =>
  createMockAuthClient<BankClaims>({
    user: { sub: 'ann', name: 'Ann Viewer', given_name: 'Ann' },
    apiOrigins: [INVEST],
    fetch: investApi,
  });

afterEach(cleanup);

describe('InvestmentsPage', () => {
  it('shows the portfolio value, holdings, allocation and performance, each fetched with the customer’s token', async () => {
    const auth = ann();
    renderPage(auth);
    expect(screen.getByRole('heading', { level: 1, name: 'Investments' })).toBeTruthy();
    expect((await screen.findByTestId('portfolio-total')).textContent).toMatch(/15,000\.00/);

    const holdings = screen.getByRole('table', { name: 'Holdings' });
    const equity = within(holdings).getByRole('row', { name: /Sesame World Equity/ });
    expect(equity.textContent).toMatch(/Equities/);
    expect(equity.textContent).toMatch(/10,000\.00/);
    expect(equity.textContent).toMatch(/66\.7%/);

    const allocationList = await screen.findByRole('list');
    expect(allocationList.textContent).toMatch(/Cash.*33\.3%/);

    expect((await screen.findByTestId('performance-change')).textContent).toMatch(
      /\+€1,000\.00 \(7\.1%\) over the last 90 days/,
    );
    expect(auth.calls.requests.map((request) => new URL(request.url).pathname).sort()).toEqual(
      expect.arrayContaining(['/portfolio', '/portfolio/allocation', '/portfolio/performance']),
    );
    for (const request of auth.calls.requests) expectBearer(request, 'ann', 1);
  });

  it('gives the chart a spoken summary and its figures as a table', async () => {
    renderPage(ann());
    const chart = await screen.findByRole('img', { name: /From €14,000\.00 on 13 Mar 2025/ });
    expect(chart.getAttribute('aria-label')).toMatch(/to €15,000\.00 on 15 Mar 2025/);
    const figures = screen.getByRole('table', { name: /Portfolio value, last 90 days/ });
    expect(within(figures).getAllByRole('row')).toHaveLength(1 + performance.points.length);
    expect(within(figures).getByRole('rowheader', { name: '14 Mar 2025' })).toBeTruthy();
  });

  it('says so when the investments API cannot be reached, with a way to retry', async () => {
    const auth = createMockAuthClient<BankClaims>({
      user: { sub: 'ann' },
      apiOrigins: [INVEST],
      fetch: async () => new Response(null, { status: 500 }),
    });
    renderPage(auth);
    expect(await screen.findByRole('button', { name: /try again/i })).toBeTruthy();
    expect(screen.queryByTestId('portfolio-total')).toBeNull();
  });
});
