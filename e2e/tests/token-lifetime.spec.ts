import { test, expect } from '../fixtures/test';
import { searchWhile } from '../fixtures/steps';

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
    const terms = ['Rent', 'Salary', 'Card', 'Electricity', 'Streaming', 'Standing', 'payment'];
    const { steps, refreshTimes } = await searchWhile(page, stack, {
      terms,
      keepGoing: () => Date.now() - started < 3 * TTL * 1000 + 2000,
      match: (term) => term,
    });

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
