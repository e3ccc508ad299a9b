// A worked example of @sesame/testing: the real overview page, its real queries and API client, with a
// mock session instead of an identity provider and a stub instead of the bank API.
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerOf, createMockAuthClient, expectBearer } from '@sesame/testing';
import { createBankApi } from '../api/bank-api';
import { BankApiProvider } from '../api/bank-api-context';
import type { Account } from '../api/types';
import type { BankClaims } from '../auth/session';
import { OverviewPage } from './OverviewPage';
import { renderWithMockSession, type MockBankAuth } from './test-support';

const API = 'https://api.bank.test';

const account = (owner: string, balanceMinor: number): Account => ({
  id: `acc_${owner}_checking`,
  type: 'checking',
  name: `${owner}'s checking`,
  iban: 'DE89370400440532013000',
  ibanFormatted: 'DE89 3704 0044 0532 0130 00',
  currency: 'EUR',
  balanceMinor,
  openedOn: '2020-01-01',
});

/** The bank API's routes the overview reads, answering for whoever's token the request carries. */
async function bankApi(request: Request): Promise<Response> {
  const sub = bearerOf(request)?.sub;
  if (!sub) return new Response(null, { status: 401 });
  const { pathname } = new URL(request.url);
  const mine = account(sub, sub === 'jane' ? 123_456 : 700);
  if (pathname === '/accounts') return Response.json({ items: [mine] });
  if (pathname.endsWith('/balance-history')) {
    return Response.json({ accountId: mine.id, currency: 'EUR', days: [] });
  }
  if (pathname.endsWith('/transactions')) return Response.json({ items: [], nextCursor: null });
  return new Response(null, { status: 404 });
}

function renderOverview(auth: MockBankAuth) {
  return renderWithMockSession(
    auth,
    (children) => <BankApiProvider api={createBankApi(auth, API)}>{children}</BankApiProvider>,
    <OverviewPage />,
  );
}

afterEach(cleanup);

describe('OverviewPage (with @sesame/testing)', () => {
  it("greets the customer and shows their balance, fetched with the customer's token", async () => {
    const auth = createMockAuthClient<BankClaims>({
      user: { sub: 'jane', name: 'Jane Doe', given_name: 'Jane' },
      apiOrigins: [API],
      fetch: bankApi,
    });
    renderOverview(auth);
    expect(screen.getByText(/, Jane\. Here is where your money stands\./)).toBeTruthy();
    const total = await screen.findByTestId('total-balance');
    expect(total.textContent).toMatch(/1,234\.56/);
    expect(auth.calls.requests.length).toBeGreaterThan(0);
    for (const request of auth.calls.requests) expectBearer(request, 'jane', 1);
  });

  it("never shows the first customer's balance to the next one", async () => {
    const auth = createMockAuthClient<BankClaims>({
      user: { sub: 'jane', given_name: 'Jane' },
      apiOrigins: [API],
      fetch: bankApi,
    });
    const queryClient = renderOverview(auth);
    expect((await screen.findByTestId('total-balance')).textContent).toMatch(/1,234\.56/);

    act(() => auth.signInAs({ sub: 'john', given_name: 'John' }));
    // The cache was emptied before React rendered John: Jane's figure is gone at once.
    expect(screen.queryAllByText(/1,234\.56/)).toHaveLength(0);
    expect(queryClient.getQueryData(['accounts'])).toBeUndefined();
    await waitFor(() => expect(screen.getByTestId('total-balance').textContent).toMatch(/7\.00/));
    expectBearer(auth.calls.requests.at(-1), 'john');
  });

  it('recovers from a rejected token with one refresh and one retry', async () => {
    let rejectOnce = true;
    const auth = createMockAuthClient<BankClaims>({
      user: { sub: 'jane', given_name: 'Jane' },
      apiOrigins: [API],
      fetch: async (request) => {
        if (rejectOnce && new URL(request.url).pathname === '/accounts') {
          rejectOnce = false;
          return new Response(null, { status: 401 });
        }
        return bankApi(request);
      },
    });
    renderOverview(auth);
    expect((await screen.findByTestId('total-balance')).textContent).toMatch(/1,234\.56/);
    const accountCalls = auth.calls.requests.filter((r) => new URL(r.url).pathname === '/accounts');
    // StrictMode may start the query twice; still one refresh, and the rejected call was retried with it.
    expect(auth.peekAccessToken()).toBe('mock.jane.2');
    expect(bearerOf(accountCalls.at(-1))?.n).toBe(2);
    expect(auth.getSnapshot().status).toBe('authenticated');
  });
});
