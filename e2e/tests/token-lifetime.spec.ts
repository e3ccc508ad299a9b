import { test, expect } from '../fixtures/test';

const TTL = 10;

test.describe('short-lived access tokens', () => {
  // Refresh 2 s before expiry (the default of 30 s would count a 10 s token as always stale).
  test.use({ dashboardConfig: { refreshBeforeExpirySeconds: 2 } });

  test('staying past several expiries keeps data loading, with one refresh per expiry and no redirect', async ({
    page,
    stack,
    signIn,
    authorizeNavigations,
    apiRequests,
  }) => {
    test.slow();
    stack.idp.setAccessTokenTtl(TTL);
    await signIn('jane.doe');
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    stack.idp.resetCounters();
    const started = Date.now();

    // Search the account for ~3 token lifetimes: every search is a new API request needing a token.
    await page.getByTestId('account-acc_jane_checking').click();
    const search = page.getByLabel('Search transactions');
    const terms = ['Rent', 'Salary', 'Card', 'Electricity', 'Streaming', 'Standing', 'payment'];
    const refreshTimes: number[] = [];
    let seen = 0;
    let steps = 0;
    for (; Date.now() - started < 3 * TTL * 1000 + 2000; steps++) {
      const term = terms[steps % terms.length]!;
      await search.fill(term);
      await expect(page).toHaveURL(new RegExp(`q=${term}`));
      await expect(page.locator('.transaction').first()).toContainText(term);
      await expect(page.getByRole('alert')).toHaveCount(0);
      const refreshes = stack.idp.counters().tokenRequests.refresh_token;
      if (refreshes > seen) {
        expect(refreshes - seen, 'more than one refresh between two searches').toBe(1);
        refreshTimes.push(Date.now());
        seen = refreshes;
      }
      await page.waitForTimeout(1000); // a person reading the results
    }

    const counters = stack.idp.counters();
    const expiries = Math.floor((Date.now() - started) / (TTL * 1000));
    // The first token was issued just before `started`; each lives TTL s and is renewed ~2 s early
    // (plus up to 5 s of jitter from background renewal): at least `expiries`, never two per token.
    expect(counters.tokenRequests.refresh_token).toBeGreaterThanOrEqual(expiries);
    expect(counters.tokenRequests.refresh_token).toBeLessThanOrEqual(expiries + 1);
    for (let i = 1; i < refreshTimes.length; i++) {
      expect(refreshTimes[i]! - refreshTimes[i - 1]!).toBeGreaterThan(3000);
    }
    expect(counters.tokenErrors).toEqual({});
    expect(authorizeNavigations.count()).toBe(1); // the sign-in itself, nothing since
    expect(page.url()).toContain(stack.dashboard.url);
    const requests = apiRequests().filter((entry) => entry.at >= new Date(started).toISOString());
    expect(requests.length).toBeGreaterThanOrEqual(Math.min(steps, terms.length));
    expect(requests.filter((entry) => entry.status === 401)).toEqual([]);
  });
});
