import { test, expect } from '../fixtures/test';
import { signInAtIdp } from '../fixtures/browser-helpers';
import { euros } from '../fixtures/money';
import { signInFromSavingsDeepLink } from '../fixtures/steps';

test.describe('signing in', () => {
  test('jane.doe signs in from the landing page and sees her balances and chart', async ({
    page,
    stack,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to online banking' })).toBeVisible();
    await signInAtIdp(page, 'jane.doe', stack.dashboard.url);

    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    // The bank seeds a customer on their first request: read the ledger once the page has asked.
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    const checking = stack.api.ledger.balanceMinor('acc_jane_checking')!;
    const savings = stack.api.ledger.balanceMinor('acc_jane_savings')!;
    await expect(page.getByTestId('account-acc_jane_checking')).toContainText(euros(checking));
    await expect(page.getByTestId('account-acc_jane_savings')).toContainText(euros(savings));
    await expect(page.getByTestId('total-balance')).toHaveText(euros(checking + savings));
    await expect(page.getByRole('img', { name: /^From €.* to €.*Lowest/ })).toBeVisible();
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
  });

  test('a deep link opened while signed out lands on that page after sign-in', async ({
    page,
    stack,
    authorizeNavigations,
  }) => {
    await signInFromSavingsDeepLink(page, stack);
    expect(authorizeNavigations.count()).toBe(1);
  });

  test('the profile shows ID-token claims and the access token scopes', async ({
    page,
    signIn,
  }) => {
    await signIn('jane.doe', '/profile');
    await expect(page.getByTestId('profile-name')).toHaveText('Jane Doe');
    await expect(page.getByTestId('profile-email')).toContainText('@');
    for (const scope of ['accounts:read', 'transfers:write', 'cards:write']) {
      await expect(page.getByTestId('scopes')).toContainText(scope);
    }
    await expect(page.getByTestId('token-expiry')).toContainText('expires at');
  });
});
