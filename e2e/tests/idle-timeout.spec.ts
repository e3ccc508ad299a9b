import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';

// 8 s without activity signs out; the warning shows for the last 4 s. Tokens shared by the tabs.
test.use({ dashboardConfig: { storage: 'local', idleTimeoutSeconds: 8 } });

const dialogOf = (page: Page) => page.getByRole('alertdialog', { name: 'Are you still there?' });

test.describe('idle timeout in the dashboard', () => {
  test('warns in every tab with an accessible dialog; "Stay signed in" in one tab keeps all; then all sign out', async ({
    page,
    context,
    signIn,
  }) => {
    await signIn('jane.doe', '/overview');
    const other = await context.newPage();
    await other.goto('/cards');
    await expect(other.getByRole('heading', { level: 1, name: 'Cards' })).toBeVisible();

    // The warning comes up in both tabs, focus inside it, counting down.
    for (const tab of [page, other]) await expect(dialogOf(tab)).toBeVisible({ timeout: 10_000 });
    await expect(page.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await expect(dialogOf(page)).toContainText(/signed out in [1-4] s/);
    const results = await new AxeBuilder({ page }).include('[role="alertdialog"]').analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);

    // Staying in the other tab closes the warning in both and gives focus back.
    await other.getByRole('button', { name: 'Stay signed in' }).click();
    for (const tab of [page, other]) await expect(dialogOf(tab)).toBeHidden({ timeout: 2000 });

    // Nobody does anything more: every tab signs out and says why; nothing redirects on its own.
    for (const tab of [page, other]) {
      await expect(tab.getByRole('heading', { name: 'You were signed out' })).toBeVisible({
        timeout: 15_000,
      });
    }
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('sesame.user:')),
      ),
    ).toEqual([]);

    // Signing in again asks for the password, even though the IdP session may still be alive.
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to online banking' })).toBeVisible();
    await expect(page.getByLabel('Password')).toBeVisible();
  });
});
