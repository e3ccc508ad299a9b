// @sesame/react-query with core's `apis` setting: queries to two APIs, each with its own token
// (real IdP, bank API and investments API on 127.0.0.1), under StrictMode.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { apis, createAuthClient } from '@sesame/core';
import { AuthProvider, useAuthClient } from '@sesame/react';
import { INVEST_API_AUDIENCE } from '@sesame/test-stack/real-invest-api';
import { realStackWithInvestApiPerTest } from '@sesame/test-stack/real-invest-stack';
import { createAuthQueryClient, fetchJson } from './index';

configure({ asyncUtilTimeout: 10_000 });

const { stack, invest, apiEntries } = realStackWithInvestApiPerTest({ createAuthClient });
// Registered after the stack's own hooks, so it runs first: unmount before the servers stop.
afterEach(cleanup);

function Overview() {
  const auth = useAuthClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => fetchJson<{ name: string }>(auth, `${stack().api.url}/me`, { signal }),
  });
  const portfolio = useQuery({
    queryKey: ['portfolio'],
    queryFn: ({ signal }) =>
      fetchJson<{ totalValueMinor: number }>(auth, `${invest().url}/portfolio`, { signal }),
  });
  return (
    <p data-testid="overview">
      {me.data?.name} {portfolio.data?.totalValueMinor}
    </p>
  );
}

describe('@sesame/react-query with several APIs', () => {
  it("loads both APIs' data, each request with its own API's token", async () => {
    const { client } = await stack().signedIn('ann', {
      apis: apis(apiEntries()),
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
    expect(stack().api.requestLog.filter((e) => e.path === '/me')).toMatchObject([{ status: 200 }]);
    expect(invest().requestLog.filter((e) => e.path === '/portfolio')).toMatchObject([
      { status: 200, sub: client.getSnapshot().user!.sub },
    ]);
    expect(stack().idp.counters().accessTokensByResource).toEqual({
      'https://bank.sesame.test/api': 1,
      [INVEST_API_AUDIENCE]: 1,
    });
  });
});
