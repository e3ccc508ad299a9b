// The Sesame devtools in the dashboard's development build (what `pnpm demo` serves), during a
// journey with 10-second access tokens: every refresh shows on the timeline, and "simulate a 401"
// shows the 401 rule at work (refresh, retry, success). Screenshots of each tab; axe on the panel.
// With two tabs: another tab's sign-out and refresh (holding the refresh lock) show as tab events.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { expectNoSeriousViolations } from '../fixtures/axe';

const SCREENSHOTS = 'artifacts/screenshots';
const TTL = 10;

/**
 * The event numbers on the timeline, oldest first (rows carry `data-event`, newest first; locators
 * pierce the shadow root).
 */
async function timelineIds(page: Page): Promise<number[]> {
  const ids = await page
    .locator('[data-sesame-devtools] tr[data-event]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-event'))));
  return ids.reverse();
}

/** The timeline's rows of event `id` (newest first). */
const timelineRows = (page: Page, id: number) =>
  page.locator(`[data-sesame-devtools] tr[data-event="${id}"]`);

/** A second tab of the signed-in session on the overview, once it shows Jane signed in. */
async function openSecondTab(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto('/overview');
  await expect(tab.getByTestId('session-indicator')).toContainText('Jane Doe');
  return tab;
}

/** Brings `page` to the front and opens the devtools panel on its timeline. */
async function openTimeline(page: Page) {
  await page.bringToFront();
  await page.getByRole('button', { name: 'Open Sesame devtools' }).click();
  await page.getByRole('tab', { name: 'Timeline' }).click();
}

async function shoot(page: Page, name: string) {
  const path = `${SCREENSHOTS}/devtools-${name}.png`;
  await page.screenshot({ path });
  await test.info().attach(`devtools-${name}`, { path, contentType: 'image/png' });
}

test.use({
  stackOptions: { devtools: true },
  // Refresh 2 s before expiry (the default of 30 s would count a 10 s token as always stale).
  dashboardConfig: { refreshBeforeExpirySeconds: 2 },
});

test.describe('the Sesame devtools', () => {
  test('each refresh appears on the timeline; a simulated 401 shows refresh -> retry -> success', async ({
    page,
    stack,
    signIn,
    apiRequests,
    authorizeNavigations,
  }) => {
    test.setTimeout(90_000);
    stack.idp.setAccessTokenTtl(TTL);
    await signIn('jane.doe');
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    stack.idp.resetCounters();

    // The toggle is there in this build; the panel opens with the focus on its first tab.
    await page.getByRole('button', { name: 'Open Sesame devtools' }).click();
    const tabs = page.getByRole('tablist', { name: 'Sesame devtools' });
    await expect(tabs).toBeVisible();
    await expect(tabs.getByRole('tab', { name: 'Session' })).toBeFocused();
    const panel = page.getByRole('tabpanel');
    await expect(panel).toContainText('authenticated');
    await expect(panel).toContainText('jane.doe');
    await expect(panel).toContainText('browser, Bearer tokens');
    await shoot(page, 'session');
    await expectNoSeriousViolations(page);

    // Two refreshes of 10-second tokens, each on the timeline as it happens.
    await page.keyboard.press('ArrowRight');
    await expect(tabs.getByRole('tab', { name: 'Timeline' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const refreshed = timelineRows(page, 9);
    const before = await refreshed.count();
    await expect(refreshed).toHaveCount(before + 2, { timeout: 3 * TTL * 1000 });
    expect(stack.idp.counters().tokenRequests.refresh_token).toBe(2);
    const ids = await timelineIds(page);
    // Each "refreshed" follows its "refreshing".
    const refreshes = ids.flatMap((id, index) => (id === 9 ? [ids[index - 1]] : []));
    expect(refreshes.slice(-2)).toEqual([8, 8]);
    await shoot(page, 'timeline');

    // "Simulate a 401", then a request: the API's answer is stood in for, the token refreshed once,
    // the request retried once with the new token, the data shown.
    const since = (await timelineIds(page)).length;
    await page.getByRole('button', { name: 'Simulate a 401 on the next request' }).click();
    await page.getByTestId('account-acc_jane_checking').click();
    await page.getByLabel('Search transactions').fill('Rent');
    await expect(page.locator('.transaction').first()).toContainText('Rent');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect
      .poll(async () =>
        (await timelineIds(page)).slice(since).filter((id) => [16, 8, 9, 17].includes(id)),
      )
      .toEqual(expect.arrayContaining([16, 8, 9, 17]));
    const after = (await timelineIds(page)).slice(since);
    const at = (id: number) => after.indexOf(id);
    expect(at(16)).toBeLessThan(at(8));
    expect(at(8)).toBeLessThan(at(9));
    expect(at(9)).toBeLessThan(at(17));
    expect(apiRequests().filter((entry) => entry.status === 401)).toEqual([]); // simulated, not sent
    expect(authorizeNavigations.count()).toBe(1); // the sign-in itself

    await tabs.getByRole('tab', { name: 'Requests' }).click();
    // The retried request's row: the token sent, the real status of the answer after the retry.
    const retried = panel.getByRole('row').filter({ hasText: '401 → refreshed → retried' });
    await expect(retried).toContainText(stack.api.url);
    await expect(retried).toContainText('sent');
    await expect(retried.getByRole('cell').nth(3)).toHaveText('200');
    await shoot(page, 'requests');

    await tabs.getByRole('tab', { name: 'Settings' }).click();
    await expect(panel).toContainText('Checks passed');
    await shoot(page, 'settings');
    await expectNoSeriousViolations(page);
    // Dark, as the system asks (the panel's default theme follows prefers-color-scheme).
    await page.emulateMedia({ colorScheme: 'dark' });
    await tabs.getByRole('tab', { name: 'Timeline' }).click();
    await shoot(page, 'timeline-dark');
    await expectNoSeriousViolations(page);

    // Escape closes it and gives the focus back to the toggle.
    await page.keyboard.press('Escape');
    await expect(tabs).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Open Sesame devtools' })).toBeFocused();
  });

  test("another tab's sign-out shows on this tab's timeline as a message from another tab", async ({
    page,
    context,
    signIn,
  }) => {
    await signIn('jane.doe', '/overview');
    const tabB = await openSecondTab(context);

    await openTimeline(page);
    await tabB.bringToFront();
    await tabB.getByRole('button', { name: 'Sign out' }).click();

    const heard = timelineRows(page, 91);
    await expect(heard).toContainText('heard from another tab');
    await expect(heard).toContainText('{"type":"signed-out","reason":"sign_out"}');
    // Core's own reaction to it, and nothing this tab told the others about it.
    await expect(timelineRows(page, 21)).toHaveCount(1);
    await expect(timelineRows(page, 90)).toHaveCount(0);
    await page.bringToFront();
    await shoot(page, 'timeline-tabs');
  });
});

test.describe('the Sesame devtools with tokens shared by the tabs (storage: local)', () => {
  test.use({ dashboardConfig: { storage: 'local' } });

  test("another tab's refresh: this tab sees it hold the refresh lock, then its message", async ({
    page,
    context,
    signIn,
  }) => {
    await signIn('jane.doe', '/overview');
    const tabB = await openSecondTab(context);
    // Tab B's token request takes 2.5 s, so that its hold of the lock outlasts a sample or two.
    await tabB.route(
      (url) => url.pathname.endsWith('/token'),
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await route.continue();
      },
    );

    await openTimeline(page);
    await tabB.bringToFront();
    await tabB.getByRole('button', { name: 'Open Sesame devtools' }).click();
    await tabB.getByRole('button', { name: 'Force a refresh' }).click();
    await expect(tabB.getByText('Force a refresh: done')).toBeVisible();

    await expect(
      timelineRows(page, 92).filter({ hasText: '"holder":"another tab"' }).first(),
    ).toBeVisible();
    await expect(timelineRows(page, 92).first()).toContainText('"holder":"nobody"'); // newest first: let go
    // Its news, heard (tab B's loading may have sent one before), and core taking the new tokens.
    await expect(
      timelineRows(page, 91).filter({ hasText: '{"type":"user"}' }).first(),
    ).toBeVisible();
    await expect(timelineRows(page, 20).first()).toBeVisible();
    await expect(timelineRows(page, 8)).toHaveCount(0); // and did not refresh itself
    await page.bringToFront();
    await shoot(page, 'timeline-lock');
  });
});
