// The Sesame devtools with a BFF-mode client (the dashboard's development build, `pnpm demo:bff`'s
// setup): the same panel, reading the BFF client's session and events; no token anywhere to show.
import { test, expect } from '../fixtures/test';
import { signInAtIdp } from '../fixtures/browser-helpers';

test.use({ stackOptions: { bff: true, devtools: true } });

test('BFF mode: the Session tab says so, the timeline has the BFF session events, browser-only actions are off', async ({
  page,
  stack,
}) => {
  await page.goto('/overview');
  await expect(page.getByRole('heading', { name: 'Sign in to online banking' })).toBeVisible();
  await signInAtIdp(page, 'jane.doe', stack.dashboard.url);
  await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();

  await page.getByRole('button', { name: 'Open Sesame devtools' }).click();
  const tabs = page.getByRole('tablist', { name: 'Sesame devtools' });
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText('authenticated');
  await expect(panel).toContainText('BFF (no token in the page)');
  await expect(panel).toContainText('on the server (BFF at /bff');
  await expect(panel).toContainText('jane.doe');
  // A page with no token cannot have one refused: that action is the browser mode's.
  await expect(
    page.getByRole('button', { name: 'Simulate a 401 on the next request' }),
  ).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Sign out this tab' })).toBeEnabled();

  await tabs.getByRole('tab', { name: 'Timeline' }).click();
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events).toContainText('state changed');
  await expect(events).toContainText('{"status":"authenticated"}');
  // No token or cookie value in anything the panel shows.
  const text =
    (await page
      .locator('[data-sesame-devtools]')
      .evaluate((host) => host.shadowRoot!.textContent)) ?? '';
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  const cookies = await page.context().cookies();
  for (const cookie of cookies) expect(text).not.toContain(cookie.value);

  // A request through the BFF's proxy (the account's transactions): listed with the cookie as its
  // credential and the proxy's answer.
  await page.getByTestId('account-acc_jane_checking').click();
  await expect(page.locator('.transaction').first()).toBeVisible();
  await tabs.getByRole('tab', { name: 'Requests' }).click();
  const proxied = panel.getByRole('row').filter({ hasText: '/bff/api/' }).first();
  await expect(proxied).toContainText('cookie via BFF proxy');
  await expect(proxied.getByRole('cell').nth(3)).toHaveText('200');

  await tabs.getByRole('tab', { name: 'Settings' }).click();
  await expect(panel).toContainText('baseUrl /bff is a path on this origin');
  await page.screenshot({ path: 'artifacts/screenshots/devtools-bff-settings.png' });
});
