import { test, expect } from '../fixtures/test';

test.describe('signing in', () => {
  test('jane.doe signs in from the landing page and sees her balances and chart', async ({
    page,
    stack,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to online banking' })).toBeVisible();
    const { signInAtIdp } = await import('../fixtures/browser-helpers');
    await signInAtIdp(page, 'jane.doe', stack.dashboard.url);

    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    // The bank seeds a customer on their first request: read the ledger once the page has asked.
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    const checking = stack.api.ledger.balanceMinor('acc_jane_checking')!;
    const savings = stack.api.ledger.balanceMinor('acc_jane_savings')!;
    const euros = (minor: number) =>
      new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(minor / 100);
    await expect(page.getByTestId('account-acc_jane_checking')).toContainText(euros(checking));
    await expect(page.getByTestId('account-acc_jane_savings')).toContainText(euros(savings));
    await expect(page.getByTestId('total-balance')).toHaveText(euros(checking + savings));
    await expect(page.getByRole('img', { name: /^From €.* to €.*Lowest/ })).toBeVisible();
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
  });
});
