import { test, expect } from '../fixtures/test';

test.describe('cards', () => {
  test('freeze and unfreeze a card, and request a new one (once)', async ({
    page,
    signIn,
    apiRequests,
  }) => {
    await signIn('jane.doe', '/cards');
    const first = page.locator('.bank-card-item').first();
    await expect(first).toContainText('Active');

    await first.getByRole('button', { name: /^Freeze card/ }).click();
    await expect(first.locator('.badge')).toHaveText('Frozen');
    await expect(page.getByText(/is now frozen\.$/)).toBeAttached();
    await first.getByRole('button', { name: /^Unfreeze card/ }).click();
    await expect(first.locator('.badge')).toHaveText('Active');

    const before = await page.locator('.bank-card-item').count();
    await page.getByLabel('Card network').selectOption('mastercard');
    await page.getByRole('button', { name: 'Request card' }).dblclick();
    await expect(page.getByText(/Your new card ending \d{4} is on its way\./)).toBeVisible();
    await expect(page.locator('.bank-card-item')).toHaveCount(before + 1);
    await expect(
      page.getByRole('heading', { name: /^Mastercard debit card ending/ }),
    ).toBeVisible();
    const created = apiRequests().filter(
      (entry) => entry.method === 'POST' && entry.path === '/cards',
    );
    expect(created.filter((entry) => entry.status === 201).length).toBeGreaterThanOrEqual(1);
  });

  test('a read-only customer sees cards but cannot change them', async ({ page, signIn }) => {
    await signIn('ann.viewer', '/cards');
    await expect(page.getByText('Your access is view-only')).toBeVisible();
    await expect(page.locator('.bank-card-item').first()).toBeVisible();
    await expect(page.getByRole('button', { name: /Freeze card/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Request card' })).toHaveCount(0);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Transfer' })
      .click();
    await expect(page.getByText('it does not include making transfers')).toBeVisible();
  });
});
