import { test, expect } from '../fixtures/test';
import { watchDomFor } from '../fixtures/browser-helpers';

// Default storage (`session`): each tab holds its own tokens; tab B gets its own by the protected
// route's automatic sign-in, which the IdP answers at once while A's IdP session lives.
test.describe('signing out in one tab', () => {
  test("the other tab leaves its protected page within 1 s, signed out, and none of jane.doe's figures stay", async ({
    page,
    context,
    signIn,
    stack,
    apiRequests,
  }) => {
    await signIn('jane.doe', '/overview');
    const total = (await page.getByTestId('total-balance').textContent())!.trim();

    const tabB = await context.newPage();
    await tabB.goto('/overview');
    await expect(tabB.getByTestId('session-indicator')).toContainText('Jane Doe');
    await tabB.getByTestId('account-acc_jane_checking').click();
    const balance = tabB.locator('.account-summary__balance');
    await expect(balance).toBeVisible();
    const figures = [total, (await balance.textContent())!.trim()];
    expect(figures.every((figure) => /\d/.test(figure))).toBe(true);
    // From here on, any of these figures in any document of the context is recorded with its time
    // (new documents by the watcher's init script, B's open document by the same check added now).
    const sightings = await watchDomFor(context, figures);
    await tabB.evaluate((needles) => {
      const report = (window as unknown as Record<string, (n: string, u: string) => void>)
        .__sesameReportSighting!;
      const check = () => {
        const text = `${document.documentElement.textContent ?? ''} ${document.documentElement.innerHTML}`;
        for (const needle of needles) if (text.includes(needle)) report(needle, location.href);
      };
      new MutationObserver(check).observe(document, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
      check();
    }, figures);
    await expect.poll(() => sightings.length).toBeGreaterThan(0); // the watcher does see them

    // Tab B notes the moment it first shows signed-out, on the DOM change itself: a background
    // tab's timers (and so any polling) are throttled, which would measure the poll, not the app.
    await tabB.evaluate(() => {
      const w = window as unknown as { signedOutShownAt?: number };
      const check = () => {
        if (
          w.signedOutShownAt === undefined &&
          location.pathname === '/' &&
          document.body.textContent?.includes('You signed out in another tab.')
        )
          w.signedOutShownAt = Date.now();
      };
      new MutationObserver(check).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    // The user switches to tab A and signs out there (a click in a tab behind another waits for
    // frames the browser does not paint, which would time the browser, not the app).
    await page.bringToFront();
    const started = Date.now();
    await page.getByRole('button', { name: 'Sign out' }).click();
    const shownAt = await tabB
      .waitForFunction(() => (window as unknown as { signedOutShownAt?: number }).signedOutShownAt)
      .then((handle) => handle.jsonValue());
    // B's clock is this machine's clock: the time from the click to B's signed-out DOM.
    const elapsed = shownAt! - started;
    console.log(`tab B showed signed-out ${elapsed} ms after the click in tab A`);
    expect(elapsed).toBeLessThan(1000);
    const signedOutAt = Date.now();

    await expect(tabB.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const html = await tabB.content();
    for (const figure of figures) expect(html).not.toContain(figure);
    await expect(tabB.getByTestId('session-indicator')).toHaveCount(0);

    // "Back" in B: the overview again, which would show the cached figures if the query cache
    // still held them; it is signed out instead, and goes nowhere near the API or the IdP.
    const authorizeBefore = stack.idp.counters();
    await tabB.goBack();
    await tabB.waitForLoadState('domcontentloaded');
    await expect(tabB.getByText('You signed out in another tab.')).toBeVisible();
    await expect(tabB.getByTestId('total-balance')).toHaveCount(0);
    await expect(tabB.getByTestId('account-acc_jane_checking')).toHaveCount(0);
    expect(stack.idp.counters()).toEqual(authorizeBefore);

    // Tab A went through the IdP's logout and is back on the front page, signed out too.
    await page.waitForURL(`${stack.dashboard.url}/`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    expect(sightings.filter((sighting) => sighting.at >= signedOutAt)).toEqual([]);
    const afterSignOut = apiRequests().filter((entry) => Date.parse(entry.at) >= signedOutAt);
    expect(afterSignOut).toEqual([]);
  });
});
