import { test, expect } from '../fixtures/test';

test.describe('the bank API misbehaves', () => {
  test.beforeEach(async ({ page, signIn }) => {
    await signIn('jane.doe');
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    // Nothing of the first load still in flight when a test flips a fault.
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
  });

  test('"reject the next valid token": the page still loads, after one refresh and one retry', async ({
    page,
    stack,
    apiRequests,
    authorizeNavigations,
  }) => {
    const before = authorizeNavigations.count();
    stack.idp.resetCounters();
    const since = new Date().toISOString();
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    await page.reload();

    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    await expect(page.getByRole('img', { name: /^From €/ })).toBeVisible();
    await expect(page.locator('.transaction').first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    expect(stack.idp.counters().tokenRequests.refresh_token).toBe(1);
    const requests = apiRequests().filter((entry) => entry.at >= since);
    const rejected = requests.filter((entry) => entry.status === 401);
    expect(rejected).toHaveLength(1);
    // The rejected request was sent again (once) and succeeded.
    const retried = requests.filter((entry) => entry.path === rejected[0]!.path);
    expect(retried.map((entry) => entry.status)).toEqual([401, 200]);
    expect(authorizeNavigations.count() - before).toBe(0);
    expect(stack.idp.counters().authorizations).toBe(0);
  });

  test('"reject all valid tokens": one trip to the sign-in page, then an explanation, not a loop', async ({
    page,
    stack,
    authorizeNavigations,
  }) => {
    // The loop guard refuses an automatic sign-in within 60 s of the last completed one. Make this
    // session older than that in the browser's clock, so the one trip the guard allows is seen.
    await page.clock.install({ time: Date.now() + 61_000 });
    const before = authorizeNavigations.count();
    stack.idp.resetCounters();
    stack.api.faults.set({ rejectAllValidTokens: true });
    await page.reload();

    const problem = page.getByTestId('session-problem');
    await expect(problem).toBeVisible();
    await expect(problem).toContainText('We could not keep you signed in');
    expect(authorizeNavigations.count() - before).toBe(1);
    expect(stack.idp.counters().authorizations).toBe(1);
    // Proving an absence: give a loop time to show itself, then count again.
    await page.waitForTimeout(2000);
    expect(authorizeNavigations.count() - before).toBe(1);
    await expect(problem).toBeVisible();

    // The bank recovers; the customer chooses to sign in again, and gets in.
    stack.api.faults.reset();
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
  });

  test('"the bank is down": a clear message and a retry that works once it is back', async ({
    page,
    stack,
  }) => {
    stack.api.faults.set({ errorRate: 1 });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Cards' })
      .click();
    const down = page.getByRole('alert').filter({ hasText: "We can't reach the bank right now" });
    await expect(down).toBeVisible({ timeout: 20_000 }); // after the data layer's own 3 retries
    await expect(down).toContainText('We could not load your cards.');

    stack.api.faults.reset();
    await down.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: /debit card ending/ }).first()).toBeVisible();
    await expect(down).toHaveCount(0);
  });
});
