import { test, expect } from '../fixtures/test';
import { obtainTokens } from '@sesame/idp/testing';
import { PASSWORD, signInAtIdp, watchDomFor } from '../fixtures/browser-helpers';

test.describe('signing out', () => {
  test("sign out, go back, then john.smith signs in: none of jane.doe's data ever shows again", async ({
    page,
    context,
    stack,
    signIn,
    apiRequests,
  }) => {
    // Jane's identifying data, straight from the bank (not from the page under test).
    const token = await obtainTokens({
      issuer: stack.idp.issuer,
      user: { login: 'jane.doe', password: PASSWORD },
      redirectUri: `${stack.dashboard.url}/callback`,
      scope: 'openid profile accounts:read',
    });
    const response = await fetch(`${stack.api.url}/accounts`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    const { items } = (await response.json()) as {
      items: { iban: string; ibanFormatted: string }[];
    };
    const janes = [
      'Jane Doe',
      ', Jane.',
      ...items.flatMap((account) => [account.iban, account.ibanFormatted]),
    ];
    expect(janes).toHaveLength(6);
    const sightings = await watchDomFor(context, janes);

    await signIn('jane.doe');
    await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
    await page.getByRole('link', { name: 'Cards' }).click();
    await expect(page.getByRole('heading', { name: /debit card ending/ }).first()).toBeVisible();

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
    await expect(page.getByRole('heading', { name: 'Sign in to online banking' })).toBeVisible();
    for (const text of janes) await expect(page.getByText(text)).toHaveCount(0);

    // John signs in in the same tab, and walks through every page.
    await signInAtIdp(page, 'john.smith', stack.dashboard.url);
    await expect(page.getByTestId('session-indicator')).toContainText('John Smith');
    await expect(page.getByRole('heading', { name: /debit card ending/ }).first()).toBeVisible();
    for (const [link, ready] of [
      ['Overview', 'Balance over time'],
      ['Transfer', 'Amount (EUR)'],
      ['Profile', 'Access this app has'],
    ] as const) {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: link })
        .click();
      await expect(page.getByText(ready, { exact: true }).first()).toBeVisible();
    }
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await page.getByTestId('account-acc_john_checking').click();
    await expect(page.locator('.transaction').first()).toBeVisible();

    const afterSignOut = sightings.filter((sighting) => sighting.at >= signedOutAt);
    expect(afterSignOut).toEqual([]);
    expect(sightings.length).toBeGreaterThan(0); // the watcher does see Jane while she is signed in
    const johnsRequests = apiRequests().filter((entry) => Date.parse(entry.at) >= signedOutAt);
    expect(johnsRequests.length).toBeGreaterThan(0);
    expect(johnsRequests.filter((entry) => entry.sub === 'usr_jane_doe')).toEqual([]);
  });
});
