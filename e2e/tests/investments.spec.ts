import { test, expect } from '../fixtures/test';

const TTL = 10;
const BANK = 'https://bank.sesame.test/api';
const INVEST = 'https://invest.sesame.test/api';

test.describe('two APIs, one token each (issue 21)', () => {
  // Refresh 2 s before expiry (the default of 30 s would count a 10 s token as always stale).
  test.use({ dashboardConfig: { refreshBeforeExpirySeconds: 2 } });

  test('going between Overview and Investments past several 10 s expiries: each API’s token refreshed about once per expiry, never sent to the other API, no redirect', async ({
    page,
    stack,
    signIn,
    authorizeNavigations,
  }) => {
    test.slow();
    stack.idp.setAccessTokenTtl(TTL);
    await signIn('jane.doe');
    await expect(page.getByTestId('total-balance')).toBeVisible();
    stack.idp.resetCounters();
    const started = Date.now();
    const startedIso = new Date(started).toISOString();

    // A customer going back and forth: every page load asks its API for data, with its token.
    let loads = 0;
    for (; Date.now() - started < 3 * TTL * 1000 + 2000; loads++) {
      const investments = loads % 2 === 1;
      await page.getByRole('link', { name: investments ? 'Investments' : 'Overview' }).click();
      await expect(
        page.getByTestId(investments ? 'portfolio-total' : 'total-balance'),
      ).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
      // Reload now and then, so a page starts from the stored tokens too, not only the cache.
      if (loads % 4 === 3) await page.reload();
      await page.waitForTimeout(1000);
    }

    const counters = stack.idp.counters();
    const expiries = Math.floor((Date.now() - started) / (TTL * 1000));
    const byResource = counters.accessTokensByResource;
    // Each API's token lives TTL s and is renewed ~2 s early: at least one refresh per expiry
    // for the API in use, never two per token (plus one for a renewal just at the end).
    for (const resource of [BANK, INVEST]) {
      expect(byResource[resource] ?? 0, resource).toBeGreaterThanOrEqual(expiries - 1);
      expect(byResource[resource] ?? 0, resource).toBeLessThanOrEqual(expiries + 1);
    }
    expect(Object.keys(byResource).sort()).toEqual([BANK, INVEST]);
    expect(counters.tokenRequests.authorization_code).toBe(0);
    expect(counters.tokenErrors).toEqual({});
    expect(authorizeNavigations.count()).toBe(1); // the sign-in itself, nothing since

    // Each API saw only valid tokens for itself: no 401 (a bank token at the investments API
    // would be one: audience mismatch), and both were called.
    const since = <T extends { at: string }>(entries: readonly T[]) =>
      entries.filter((entry) => entry.at >= startedIso);
    const investCalls = since(stack.invest.requestLog).filter((e) =>
      e.path.startsWith('/portfolio'),
    );
    const bankCalls = since(stack.api.requestLog).filter((e) => e.path.startsWith('/accounts'));
    expect(investCalls.length).toBeGreaterThan(0);
    expect(bankCalls.length).toBeGreaterThan(0);
    expect(investCalls.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(bankCalls.filter((entry) => entry.status !== 200)).toEqual([]);
  });
});
