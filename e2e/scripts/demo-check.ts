// Signs in to a running `pnpm demo` (http://127.0.0.1:5173) as jane.doe in Chromium and prints what
// the overview shows. Usage: start `pnpm demo`, then `pnpm --filter @sesame/e2e demo:check`.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '@sesame/test-stack/chromium';

const APP = process.env.DEMO_URL ?? 'http://127.0.0.1:5173';
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage();
  await page.goto(`${APP}/overview`);
  await page.getByLabel('User ID').fill('jane.doe');
  await page.getByLabel('Password').fill('sesame');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const allow = page.getByRole('button', { name: 'Allow' });
  const home = (url: URL) => url.origin === APP;
  await Promise.race([allow.waitFor().catch(() => {}), page.waitForURL(home).catch(() => {})]);
  if (await allow.isVisible()) await allow.click();
  await page.getByTestId('total-balance').waitFor();
  console.log(`Signed in at ${page.url()}`);
  console.log(`Total balance: ${await page.getByTestId('total-balance').textContent()}`);
  console.log(`Session: ${await page.getByTestId('session-indicator').textContent()}`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${APP}/`);
  console.log('Signed out: back on the landing page.');
} finally {
  await browser.close();
}
