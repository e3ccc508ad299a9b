import { test, expect } from '../fixtures/test';
import { expectNoSeriousViolations } from '../fixtures/axe';

const SCREENSHOTS = 'artifacts/screenshots';

const PAGES = [
  { name: 'overview', path: '/overview', ready: 'Balance over time' },
  { name: 'account', path: '/accounts/acc_jane_checking', ready: 'Transactions' },
  { name: 'transfer', path: '/transfer', ready: 'To' },
  { name: 'cards', path: '/cards', ready: 'Request a debit card' },
  { name: 'investments', path: '/investments', ready: 'Holdings' },
  { name: 'profile', path: '/profile', ready: 'Access this app has' },
] as const;

test.describe('every page: screenshot and axe-core', () => {
  test('the landing page', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await page.screenshot({ path: `${SCREENSHOTS}/landing.png`, fullPage: true });
    await testInfo.attach('landing', {
      path: `${SCREENSHOTS}/landing.png`,
      contentType: 'image/png',
    });
    await expectNoSeriousViolations(page);
  });

  for (const viewport of [
    { label: 'desktop', size: { width: 1280, height: 860 } },
    { label: 'phone', size: { width: 360, height: 760 } },
  ]) {
    test(`signed-in pages on ${viewport.label}`, async ({ page, signIn }, testInfo) => {
      await page.setViewportSize(viewport.size);
      await signIn('jane.doe');
      for (const target of PAGES) {
        await page.goto(target.path);
        await expect(page.getByText(target.ready, { exact: true }).first()).toBeVisible();
        // Wait for every loading placeholder to give way to data.
        await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
        const file = `${SCREENSHOTS}/${target.name}-${viewport.label}.png`;
        await page.screenshot({ path: file, fullPage: true });
        await testInfo.attach(`${target.name}-${viewport.label}`, {
          path: file,
          contentType: 'image/png',
        });
        await expectNoSeriousViolations(page);
        // Nothing sticks out sideways: no horizontal scrolling at any size.
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${target.path} is wider than the viewport`).toBeLessThanOrEqual(
          viewport.size.width,
        );
      }
    });
  }
});
