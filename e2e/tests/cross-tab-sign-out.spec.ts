import { test, expect } from '../fixtures/test';
import {
  expectTabSignedOutWithout,
  goBackSignedOut,
  openCheckingAndReadFigures,
  signInAndOpenSecondTab,
  signOutInTabAAndTimeTabB,
  watchFiguresFromNow,
} from '../fixtures/cross-tab';

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
    const { tabB, total } = await signInAndOpenSecondTab(page, context, signIn);
    const figures = await openCheckingAndReadFigures(tabB, total);
    const sightings = await watchFiguresFromNow(context, tabB, figures);

    // The user switches to tab A and signs out there.
    const signedOutAt = await signOutInTabAAndTimeTabB(page, tabB, '');
    await expectTabSignedOutWithout(tabB, figures);

    // "Back" in B: the overview again, which would show the cached figures if the query cache
    // still held them; it is signed out instead, and goes nowhere near the API or the IdP.
    const authorizeBefore = stack.idp.counters();
    await goBackSignedOut(tabB);
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
