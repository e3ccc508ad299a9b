import type { BrowserContext, Request } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { expectNoSeriousViolations } from '../fixtures/axe';
import { watchDomFor } from '../fixtures/browser-helpers';
import {
  backOnFrontPage,
  bffSessionWithCookie,
  sessionCookie,
  signOutThroughIdp,
} from '../fixtures/bff-helpers';
import { euros } from '../fixtures/money';
import { fillOwnAccountTransfer } from '../fixtures/transfer-form';
import {
  expectTabSignedOutWithout,
  goBackSignedOut,
  openCheckingAndReadFigures,
  signInAndOpenSecondTab,
  signOutInTabAAndTimeTabB,
  watchFiguresFromNow,
} from '../fixtures/cross-tab';
import {
  expectIdempotencyKeyReused,
  expectSignInFormWithout,
  janesIdentifyingData,
  loseFirstTransferAnswer,
  openJohnsChecking,
  sendTransferAndTryAgain,
  signInAsJaneAndOpenCards,
  signInAsJohnAndWalkEveryPage,
  searchWhile,
  signInFromSavingsDeepLink,
} from '../fixtures/steps';

// BFF mode (issue 19) in Chromium: the dashboard's server mounts @sesame/bff at /bff as the IdP's
// client bank-bff, and the pages hold no token: they ask /bff/session who is signed in and reach
// the bank through /bff/api/bank. A stack option: these tests get a worker and a stack of their own.
test.use({ stackOptions: { bff: true } });

const CHECKING = 'account-acc_jane_checking';
const FROM = 'acc_jane_checking';
const TO = 'acc_jane_savings';

/** Every request the pages of the test's context send to `origin`, as it happens. */
function requestsTo(context: BrowserContext, origin: string) {
  const seen: Request[] = [];
  context.on('request', (request) => {
    if (new URL(request.url()).origin === origin) seen.push(request);
  });
  return seen;
}

test.describe('BFF mode', () => {
  test('a deep link opened signed out: one trip to the IdP with only client_id and request_uri (PAR), back on that page with its data; the overview is axe-clean; the page never calls the API or the token endpoint', async ({
    page,
    context,
    stack,
    authorizeNavigations,
    apiRequests,
  }) => {
    const toApi = requestsTo(context, new URL(stack.api.url).origin);
    const toIdp = requestsTo(context, new URL(stack.idp.url).origin);
    await signInFromSavingsDeepLink(page, stack);
    expect(authorizeNavigations.count()).toBe(1);

    // FAPI 2.0-shaped: the authorization request was pushed by the BFF; the browser carried only
    // its reference.
    const authorize = toIdp.filter((request) => new URL(request.url()).pathname === '/auth');
    const query = new URL(authorize[0]!.url()).searchParams;
    expect([...query.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(query.get('client_id')).toBe('bank-bff');
    expect(stack.idp.counters().tokenRequests.authorization_code).toBe(1);

    // The pages never reach the API or the IdP's token endpoint: the BFF does, with the tokens.
    expect(toApi.map((request) => request.url())).toEqual([]);
    expect(toIdp.map((request) => new URL(request.url()).pathname)).not.toContain('/token');
    const served = apiRequests();
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((entry) => entry.status !== 200 || entry.sub !== 'usr_jane_doe')).toEqual(
      [],
    );

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    await expect(page.getByRole('img', { name: /^From €/ })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
    await expectNoSeriousViolations(page);
  });

  test('a transfer is booked once: two clicks in one task send one POST; an answer lost on its way back + Try again reuses the Idempotency-Key, and the ledger moves once', async ({
    page,
    stack,
    signIn,
    apiRequests,
  }) => {
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    const start = stack.api.ledger.balanceMinor(FROM)!;
    const posts = () =>
      apiRequests().filter((entry) => entry.method === 'POST' && entry.path === '/transfers');

    // Two clicks in the same task, before React can re-render the button as disabled.
    await page.goto('/transfer');
    await fillOwnAccountTransfer(page, { from: FROM, to: TO, amount: '10' });
    await page
      .getByRole('button', { name: 'Confirm and send' })
      .evaluate((button: HTMLButtonElement) => {
        button.click();
        button.click();
      });
    await expect(page.getByTestId('transfer-receipt')).toContainText('€10.00 sent to Savings');
    expect(posts()).toHaveLength(1);
    expect(stack.api.ledger.balanceMinor(FROM)).toBe(start - 1000);

    // The first POST goes through the BFF to the bank, but its answer never reaches the browser.
    const keys = await loseFirstTransferAnswer(
      page,
      `${stack.dashboard.url}/bff/api/bank/transfers`,
    );
    await sendTransferAndTryAgain(page, FROM, TO);

    expectIdempotencyKeyReused(keys);
    // Both reached the bank through the BFF; the second is its replay of the first.
    expect(posts().map((entry) => entry.status)).toEqual([201, 201, 201]);
    expect(stack.api.ledger.balanceMinor(FROM)).toBe(start - 1000 - 4200);
    expect(stack.api.ledger.check()).toMatchObject({ balanced: true, problems: [] });
    await page.getByRole('link', { name: 'Back to overview' }).click();
    await expect(page.getByTestId(CHECKING)).toContainText(euros(start - 5200));
  });

  test('10 s access tokens: the BFF refreshes once per token lifetime (counted at the IdP) while the page keeps loading data, with no 401 and no redirect', async ({
    page,
    context,
    stack,
    signIn,
    authorizeNavigations,
    apiRequests,
  }) => {
    test.slow();
    const TTL = 10;
    stack.idp.setAccessTokenTtl(TTL);
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    stack.idp.resetCounters();
    const toIdp = requestsTo(context, new URL(stack.idp.url).origin);
    const started = Date.now();

    // Search the account for 2.5 token lifetimes: every search is a request through the BFF.
    await page.getByTestId(CHECKING).click();
    // The BFF refreshes on demand, so every step must reach it: a term searched before would come
    // from the query cache. The bank searches case-insensitively: each spelling is a new request.
    const terms = ['Rent', 'Salary', 'Card', 'Electricity', 'Streaming', 'Standing'].flatMap(
      (term) => [
        term,
        term.toUpperCase(),
        term.toLowerCase(),
        term[0]!.toLowerCase() + term.slice(1).toUpperCase(),
      ],
    );
    const { steps, refreshTimes } = await searchWhile(page, stack, {
      terms,
      keepGoing: () => Date.now() - started < 2.5 * TTL * 1000,
      match: (term) => new RegExp(term, 'i'),
    });

    const elapsed = Date.now() - started;
    const counters = stack.idp.counters();
    console.log(
      `BFF mode, ${TTL} s tokens: ${counters.tokenRequests.refresh_token} refreshes in ${elapsed} ms, ` +
        `${steps} searches, refreshes ${refreshTimes.map((at) => at - started).join(', ')} ms in`,
    );
    // The BFF refreshes a token once it is stale: its margin (the dashboard's 30 s) is capped at a
    // quarter of the token's life, so at 7.5 s of 10. Every expiry is covered (no 401), and no
    // token is refreshed twice: refreshes are a token's stale age apart (less the ~1.3 s a search
    // step takes to notice one).
    expect(counters.tokenRequests.refresh_token).toBeGreaterThanOrEqual(
      Math.floor(elapsed / (TTL * 1000)),
    );
    expect(counters.tokenRequests.refresh_token).toBeLessThanOrEqual(
      Math.ceil(elapsed / (0.75 * TTL * 1000)),
    );
    for (let i = 1; i < refreshTimes.length; i++) {
      expect(refreshTimes[i]! - refreshTimes[i - 1]!).toBeGreaterThan(0.75 * TTL * 1000 - 1500);
    }
    expect(counters.tokenErrors).toEqual({});
    expect(counters.authorizations).toBe(0);
    expect(authorizeNavigations.count()).toBe(1); // the sign-in itself, nothing since
    expect(toIdp.map((request) => request.url())).toEqual([]); // the page never went near the IdP
    expect(page.url()).toContain(stack.dashboard.url);
    const requests = apiRequests().filter((entry) => entry.at >= new Date(started).toISOString());
    expect(steps).toBeLessThanOrEqual(terms.length);
    expect(requests.length).toBeGreaterThanOrEqual(steps); // every search reached the bank
    expect(requests.filter((entry) => entry.status !== 200)).toEqual([]);
  });

  test('"reject the next valid token" at the bank: the BFF refreshes once and retries once, the page shows the data and never sees a 401', async ({
    page,
    context,
    stack,
    signIn,
    apiRequests,
    authorizeNavigations,
  }) => {
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
    const proxied: number[] = [];
    context.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/bff/api/')) proxied.push(response.status());
    });
    stack.idp.resetCounters();
    const since = new Date().toISOString();
    stack.api.faults.set({ rejectNextValidTokens: 1 });
    await page.reload();

    await expect(page.getByTestId(CHECKING)).toBeVisible();
    await expect(page.getByRole('img', { name: /^From €/ })).toBeVisible();
    await expect(page.locator('.transaction').first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    expect(stack.idp.counters().tokenRequests.refresh_token).toBe(1);
    expect(stack.idp.counters().tokenErrors).toEqual({});
    const requests = apiRequests().filter((entry) => entry.at >= since);
    const rejected = requests.filter((entry) => entry.status === 401);
    expect(rejected).toHaveLength(1);
    // The BFF sent the rejected request again (once), with the new token, and it succeeded.
    const retried = requests.filter((entry) => entry.path === rejected[0]!.path);
    expect(retried.map((entry) => entry.status)).toEqual([401, 200]);
    // The page saw only answers, no 401: the refresh and the retry happened in the BFF.
    expect(proxied.length).toBeGreaterThan(0);
    expect(proxied.filter((status) => status !== 200)).toEqual([]);
    expect(authorizeNavigations.count()).toBe(1); // the sign-in, and no trip since
    expect(stack.idp.counters().authorizations).toBe(0);
  });

  test("sign out through the IdP's confirmation, go back: no account data and no silent sign-in; then john.smith signs in and never sees jane.doe's data", async ({
    page,
    context,
    stack,
    signIn,
    apiRequests,
  }) => {
    const janes = await janesIdentifyingData(stack);
    const sightings = await watchDomFor(context, janes);

    await signInAsJaneAndOpenCards(page, signIn);
    const janesCookie = (await sessionCookie(context))!;
    expect(janesCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect((await bffSessionWithCookie(stack, janesCookie.value)).status).toBe(200);
    stack.idp.resetCounters();

    await signOutThroughIdp(page, stack);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const signedOutAt = Date.now();
    expect(stack.idp.counters().endSessions).toBeGreaterThanOrEqual(1);
    expect(stack.idp.counters().revocations).toBe(1); // the BFF revoked the refresh token
    // The BFF forgot the session: the cookie is gone, and its old value names nothing.
    expect(await sessionCookie(context)).toBeUndefined();
    expect((await bffSessionWithCookie(stack, janesCookie.value)).status).toBe(401);

    // The back button, twice: past the IdP's end-session page (the result of a form post) to the
    // Cards page, signed out now: the app starts a sign-in, and the IdP, whose session ended too,
    // asks for a password. (One history traversal: two quick goBack() calls race the first.)
    stack.idp.resetCounters();
    const cardsAgain = page.waitForRequest(
      (request) =>
        request.isNavigationRequest() && request.url() === `${stack.dashboard.url}/cards`,
    );
    await page.evaluate(() => history.go(-2));
    await cardsAgain;
    await expectSignInFormWithout(page, janes);
    expect(stack.idp.counters().tokenRequests.authorization_code).toBe(0);

    // John signs in in the same tab (a new session under a new id), and walks through every page.
    await signInAsJohnAndWalkEveryPage(page, stack);
    await expect(page.getByText('Tokens: kept on the server (BFF mode)')).toBeVisible();
    await openJohnsChecking(page);
    const johnsCookie = (await sessionCookie(context))!;
    expect(johnsCookie.value).not.toBe(janesCookie.value);

    expect(sightings.filter((sighting) => sighting.at >= signedOutAt)).toEqual([]);
    expect(sightings.length).toBeGreaterThan(0); // the watcher does see Jane while she is signed in
    const johnsRequests = apiRequests().filter((entry) => Date.parse(entry.at) >= signedOutAt);
    expect(johnsRequests.length).toBeGreaterThan(0);
    expect(johnsRequests.filter((entry) => entry.sub !== 'usr_john_smith')).toEqual([]);
  });

  test('signing out in one tab: the other tab (the same session cookie) leaves its account page for the front page within 1 s, with no figures left and no request after', async ({
    page,
    context,
    stack,
    signIn,
    apiRequests,
    authorizeNavigations,
  }) => {
    // Tab B shares the browser's session cookie: signed in at once, no trip to the IdP.
    const { tabB, total } = await signInAndOpenSecondTab(page, context, signIn);
    expect(authorizeNavigations.count()).toBe(1);
    const figures = await openCheckingAndReadFigures(tabB, total);
    const sightings = await watchFiguresFromNow(context, tabB, figures);

    const signedOutAt = await signOutInTabAAndTimeTabB(page, tabB, 'BFF mode: ');
    await expectTabSignedOutWithout(tabB, figures);

    // Tab A confirms at the IdP and is back on the front page, signed out too.
    await page.getByRole('heading', { name: 'Sign out of Sesame Bank?' }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(backOnFrontPage(stack));
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    // "Back" in B: its account page again, which stays signed out and asks nobody.
    const countersBefore = stack.idp.counters();
    await goBackSignedOut(tabB);
    await expect(tabB.locator('.account-summary__balance')).toHaveCount(0);
    expect(stack.idp.counters()).toEqual(countersBefore);

    expect(sightings.filter((sighting) => sighting.at >= signedOutAt)).toEqual([]);
    expect(apiRequests().filter((entry) => Date.parse(entry.at) >= signedOutAt)).toEqual([]);
  });
});
