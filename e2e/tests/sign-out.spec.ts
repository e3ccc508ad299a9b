import { test, expect } from '../fixtures/test';
import { watchDomFor } from '../fixtures/browser-helpers';
import {
  expectSignInFormWithout,
  janesIdentifyingData,
  openJohnsChecking,
  signInAsJaneAndOpenCards,
  signInAsJohnAndWalkEveryPage,
} from '../fixtures/steps';

test.describe('signing out', () => {
  test("sign out, go back, then john.smith signs in: none of jane.doe's data ever shows again", async ({
    page,
    context,
    stack,
    signIn,
    apiRequests,
  }) => {
    const janes = await janesIdentifyingData(stack);
    const sightings = await watchDomFor(context, janes);

    await signInAsJaneAndOpenCards(page, signIn);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.dashboard.url}/`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const signedOutAt = Date.now();
    expect(stack.idp.counters().endSessions).toBeGreaterThanOrEqual(1);
    // Nothing of the session is left in this tab's storage.
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...sessionStorage, ...localStorage }),
    );
    expect(stored).not.toMatch(/access_token|refresh_token|id_token/);

    // The back button: the cards page again, but signed out, so no account data, only sign-in.
    await page.goBack();
    await page.waitForLoadState('domcontentloaded');
    await expectSignInFormWithout(page, janes);

    // John signs in in the same tab, and walks through every page.
    await signInAsJohnAndWalkEveryPage(page, stack);
    await openJohnsChecking(page);

    const afterSignOut = sightings.filter((sighting) => sighting.at >= signedOutAt);
    expect(afterSignOut).toEqual([]);
    expect(sightings.length).toBeGreaterThan(0); // the watcher does see Jane while she is signed in
    const johnsRequests = apiRequests().filter((entry) => Date.parse(entry.at) >= signedOutAt);
    expect(johnsRequests.length).toBeGreaterThan(0);
    expect(johnsRequests.filter((entry) => entry.sub === 'usr_jane_doe')).toEqual([]);
  });
});
