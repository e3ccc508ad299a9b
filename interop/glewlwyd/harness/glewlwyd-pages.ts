// Glewlwyd's own login and logout pages, driven the way a user would (its web app, from Debian's
// package): the login form, the consent page, the "Continue / Logout" page, the end-session page.
import { expect, type Page } from '@playwright/test';
import { DEMO_USERS, type DemoUser } from './provider-setup';

export const JANE = DEMO_USERS[0]!;

/**
 * Opens the app signed out, signs in as `user` at Glewlwyd's login pages and waits to be back,
 * signed in (or, with `expect: 'error'`, showing an error).
 */
export async function signIn(
  page: Page,
  user: DemoUser = JANE,
  options: { expect: 'authenticated' | 'error' } = { expect: 'authenticated' },
) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Login' }).fill(user.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
  await page.getByRole('button', { name: 'OK' }).click();
  await passGrantAndContinue(page);
  await expect(page.getByTestId('status')).toHaveText(options.expect);
}

/**
 * Signs out in the app and confirms at Glewlwyd's "End session" page. Fails at once, saying why,
 * when the app reports an error instead of leaving for Glewlwyd.
 */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  const logout = page.getByRole('button', { name: 'Logout' });
  const appError = page.getByTestId('action').filter({ hasText: /^error / });
  await expect(logout.or(appError)).toBeVisible();
  if (await appError.isVisible()) {
    throw new Error(`signOut() failed in the app (${await appError.textContent()})`);
  }
  await logout.click();
}

/** Where Glewlwyd leaves the browser after an end-session without a way back to the client. */
export const sessionClosedPage = (page: Page) =>
  page.getByRole('heading', { name: 'Session closed' });

/**
 * After authentication Glewlwyd shows the consent page the first time (scopes other than openid
 * unticked), and always a "Continue / Logout" page before it returns a code.
 */
export async function passGrantAndContinue(page: Page) {
  const grant = page.getByRole('button', { name: 'Grant access' });
  const proceed = page.getByRole('button', { name: 'Continue' });
  await expect(grant.or(proceed).first()).toBeVisible();
  if (await grant.isVisible()) {
    for (const checkbox of await page.getByRole('checkbox', { disabled: false }).all()) {
      await checkbox.check();
    }
    await grant.click();
    // "Continue" before the grant is stored returns an error to the app instead of a code.
    await expect(grant).toBeHidden();
  }
  await proceed.click();
}
