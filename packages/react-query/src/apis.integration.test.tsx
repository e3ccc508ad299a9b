// @sesame/react-query with core's `apis` setting: queries to two APIs, each with its own token
// (real IdP, bank API and investments API on 127.0.0.1), under StrictMode.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { apis, createAuthClient } from '@sesame/core';
import { AuthProvider, useAuthClient } from '@sesame/react';
import { APP, startRealStack, type RealStack } from '@sesame/test-stack/real-stack';
import {
  INVEST_API_AUDIENCE,
  startInvestApi,
  type RunningInvestApi,
} from '@sesame/test-stack/real-invest-api';
import { createAuthQueryClient, fetchJson } from './index';

let stack: RealStack;
let invest: RunningInvestApi;
configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  sessionStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
  stack = await startRealStack({ createAuthClient });
  invest = await startInvestApi({ issuer: stack.idp.issuer, allowedOrigins: [APP] });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await invest.stop();
  await stack.stop();
});

function Overview() {
  const auth = useAuthClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => fetchJson<{ name: string }>(auth, `${stack.api.url}/me`, { signal }),
  });
  const portfolio = useQuery({
    queryKey: ['portfolio'],
    queryFn: ({ signal }) =>
      fetchJson<{ totalValueMinor: number }>(auth, `${invest.url}/portfolio`, { signal }),
  });
  return (
    <p data-testid="overview">
      {me.data?.name} {portfolio.data?.totalValueMinor}
    </p>
  );
}

describe('@sesame/react-query with several APIs', () => {
  it("loads both APIs' data, each request with its own API's token", async () => {
    const { client } = await stack.signedIn('ann', {
      apis: apis({
        bank: { origin: new URL(stack.api.url).origin, resource: 'https://bank.sesame.test/api' },
        investments: {
          origin: new URL(invest.url).origin,
          resource: INVEST_API_AUDIENCE,
          scopes: ['portfolio:read'],
        },
      }),
    });
    const qc = createAuthQueryClient(client);
    render(
      <StrictMode>
        <AuthProvider client={client} onSignedIn={() => {}}>
          <QueryClientProvider client={qc}>
            <Overview />
          </QueryClientProvider>
        </AuthProvider>
      </StrictMode>,
    );
    await waitFor(() =>
      expect(screen.getByTestId('overview').textContent).toMatch(/^Ann \S+ \d+$/),
    );
    expect(stack.api.requestLog.filter((e) => e.path === '/me')).toMatchObject([{ status: 200 }]);
    expect(invest.requestLog.filter((e) => e.path === '/portfolio')).toMatchObject([
      { status: 200, sub: client.getSnapshot().user!.sub },
    ]);
    expect(stack.idp.counters().accessTokensByResource).toEqual({
      'https://bank.sesame.test/api': 1,
      [INVEST_API_AUDIENCE]: 1,
    });
  });
});
