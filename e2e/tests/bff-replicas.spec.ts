import type { BrowserContext, Page, Response } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { SESSION_COOKIE, sessionCookie } from '../fixtures/bff-helpers';
import { signInAtIdp } from '../fixtures/browser-helpers';
import type { Replicas } from '../fixtures/replicas';

// The BFF at scale (issue 20) in Chromium: two replicas of the dashboard's server, each with its
// own @sesame/bff on one real Redis (the same encryption key), behind a round-robin proxy whose
// origin is the app's (fixtures/replicas.ts). Whatever replica a request lands on, the user's
// session is the same; a replica dying, both being replaced, Redis going away for a while and the
// IdP ending the session are each seen from the browser.
test.use({ stackOptions: { bff: true, replicas: true } });

const CHECKING = 'account-acc_jane_checking';

/** The stack's replicas (present with `stackOptions.replicas`). */
const replicasOf = (stack: { replicas?: Replicas }) => stack.replicas!;

// The worker's stack outlives each test: two replicas in service and Redis up before every one.
test.beforeEach(async ({ stack }) => {
  await replicasOf(stack).heal();
});

/** The page shows Jane signed in, with her accounts and no error. */
async function expectSignedInWithData(page: Page) {
  await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
  await expect(page.getByTestId(CHECKING)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
}

/** GET /bff/session straight at one replica (past the proxy), with the session cookie. */
function sessionAtReplica(replicas: Replicas, name: string, cookie: string) {
  return fetch(`${replicas.urlOf(name)}/bff/session`, {
    headers: { 'x-sesame-csrf': '1', cookie: `${SESSION_COOKIE}=${cookie}` },
  });
}

/** Every replica in service answers /bff/session for the cookie with `status` (200 knows it, 401 not). */
async function expectSessionOnEveryReplica(replicas: Replicas, cookie: string, status: 200 | 401) {
  for (const name of replicas.names()) {
    expect((await sessionAtReplica(replicas, name, cookie)).status).toBe(status);
  }
}

/** Signs Jane in on the overview, waits for her data, and returns her session cookie's value. */
async function signInJane(
  page: Page,
  context: BrowserContext,
  signIn: (user: string, path: string) => Promise<unknown>,
): Promise<string> {
  await signIn('jane.doe', '/overview');
  await expectSignedInWithData(page);
  return (await sessionCookie(context))!.value;
}

/** Opens the checking account from the overview and waits for its first transaction. */
async function openCheckingAccount(page: Page) {
  await page.getByTestId(CHECKING).click();
  await expect(page.locator('.transaction').first()).toBeVisible();
}

/** The first debit card's heading on the Cards page. */
const firstCard = (page: Page) => page.getByRole('heading', { name: /debit card ending/ }).first();

/** Follows the Cards link and waits for the first card. */
async function openCards(page: Page) {
  await page.getByRole('link', { name: 'Cards' }).click();
  await expect(firstCard(page)).toBeVisible();
}

test.describe('BFF replicas behind a round-robin proxy, sessions in Redis', () => {
  test('requests alternate replicas: /bff/login on one, /bff/callback on the other, then pages that load data through both', async ({
    page,
    stack,
    authorizeNavigations,
  }) => {
    const replicas = replicasOf(stack);
    replicas.proxy.clearRecord();
    const record = replicas.proxy.record;
    await page.goto('/overview');
    await page.waitForURL((url) => url.origin === new URL(stack.idp.url).origin);
    const login = record.find((entry) => entry.path.startsWith('/bff/login'))!;
    expect(login).toMatchObject({ status: 302 });
    // Strict turns would send the callback to the other replica already, unless the page's last
    // request (its favicon, say) came in between: the replica that started the sign-in is drained
    // while the user is at the IdP, as a rolling deployment would, so the other one must finish it.
    replicas.proxy.takeOut(login.replica!);
    await signInAtIdp(page, 'jane.doe', stack.dashboard.url);
    await expectSignedInWithData(page);
    replicas.proxy.putBack(login.replica!);

    const callback = record.find((entry) => entry.path.startsWith('/bff/callback'))!;
    expect(callback.status).toBe(302);
    // The sign-in began on one replica and was completed by the other, through Redis alone.
    expect(callback.replica).not.toBeNull();
    expect(callback.replica).not.toBe(login.replica);
    const signedInAt = record.length;

    // Pages that load data: the account, its search, the cards.
    await openCheckingAccount(page);
    await page.getByLabel('Search transactions').fill('Rent');
    await expect(page.locator('.transaction').first()).toContainText(/rent/i);
    await openCards(page);
    await expect(page.getByRole('alert')).toHaveCount(0);

    const journey = record.slice(signedInAt);
    const api = journey.filter((entry) => entry.path.startsWith('/bff/api/'));
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(new Set(api.map((entry) => entry.replica))).toEqual(new Set(replicas.names()));
    // Both back in service: strict turns, no two requests in a row on the same replica.
    for (let i = 1; i < journey.length; i++) {
      expect(journey[i]!.replica).not.toBe(journey[i - 1]!.replica);
    }
    expect(authorizeNavigations.count()).toBe(1);
  });

  test('one replica killed in the middle of a journey: the user goes on without signing in again', async ({
    page,
    stack,
    signIn,
    authorizeNavigations,
  }) => {
    const replicas = replicasOf(stack);
    await signIn('jane.doe', '/overview');
    await expectSignedInWithData(page);

    const [killed, survivor] = replicas.names();
    await replicas.kill(killed!); // no warning to the proxy: it finds out on the next connection
    replicas.proxy.clearRecord();
    await openCheckingAccount(page);
    await openCards(page);
    await page.reload();
    await expect(firstCard(page)).toBeVisible();
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
    await expect(page.getByRole('alert')).toHaveCount(0);

    expect(authorizeNavigations.count()).toBe(1); // the sign-in before, nothing since
    expect(stack.idp.counters().authorizations).toBe(1);
    const served = replicas.proxy.record;
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((entry) => entry.replica !== survivor)).toEqual([]);
    expect(served.filter((entry) => entry.status >= 400)).toEqual([]);
  });

  test('both replicas restarted (new servers, new BFFs, the same Redis): the session survives a reload', async ({
    page,
    context,
    stack,
    signIn,
    authorizeNavigations,
  }) => {
    const replicas = replicasOf(stack);
    const cookie = await signInJane(page, context, signIn);

    const before = replicas.names();
    await replicas.restartAll();
    const after = replicas.names();
    expect(after).toHaveLength(2);
    expect(after.filter((name) => before.includes(name))).toEqual([]);
    replicas.proxy.clearRecord();
    await page.reload();
    await expectSignedInWithData(page);
    await openCheckingAccount(page);

    expect(authorizeNavigations.count()).toBe(1);
    const served = replicas.proxy.record;
    expect(new Set(served.map((entry) => entry.replica))).toEqual(new Set(after));
    expect(served.filter((entry) => entry.status >= 400)).toEqual([]);
    // The same session cookie, and each new replica knows it.
    expect((await sessionCookie(context))!.value).toBe(cookie);
    await expectSessionOnEveryReplica(replicas, cookie, 200);
  });

  test('Redis stopped for 10 s: the API answers 503 session_store_unavailable with Retry-After, the page stays signed in and says so; after Redis returns it recovers by itself, no sign-in', async ({
    page,
    context,
    stack,
    signIn,
    authorizeNavigations,
  }) => {
    test.setTimeout(60_000);
    const replicas = replicasOf(stack);
    const cookie = await signInJane(page, context, signIn);

    const unavailable: { url: string; status: number; retryAfter: string | null; error: string }[] =
      [];
    const onResponse = async (response: Response) => {
      const path = new URL(response.url()).pathname;
      if (!path.startsWith('/bff/') || response.status() !== 503) return;
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      unavailable.push({
        url: path,
        status: response.status(),
        retryAfter: response.headers()['retry-after'] ?? null,
        error: body.error ?? '',
      });
    };
    context.on('response', (response) => void onResponse(response));

    // SHUTDOWN SAVE: Redis goes away with its data on disk, as a restarted Redis would keep it.
    await replicas.redis.stop({ save: true });
    const stoppedAt = Date.now();
    await page.getByTestId(CHECKING).click();
    const outage = page.getByRole('alert').filter({ hasText: 'briefly unavailable' });
    await expect(outage).toBeVisible();
    await expect(outage).toContainText('You are still signed in');
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
    await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('redis-down.png') });
    // A new tab meanwhile (nothing cached from a last /bff/session answer): it cannot learn who is
    // signed in, and says so rather than signing out or leaving for the IdP.
    const newTab = await context.newPage();
    await newTab.goto('/cards');
    await expect(newTab.getByTestId('session-problem')).toContainText(
      "We can't reach the sign-in service right now",
    );
    await expect(newTab.getByTestId('session-problem')).toContainText('If you were, you still are');
    await newTab.screenshot({ path: test.info().outputPath('redis-down-new-tab.png') });
    expect(new URL(newTab.url()).origin).toBe(stack.dashboard.url);

    await page.waitForTimeout(Math.max(0, 10_000 - (Date.now() - stoppedAt)));
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.error).toBe('session_store_unavailable');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect(unavailable.some((answer) => answer.url.startsWith('/bff/api/'))).toBe(true);
    expect(unavailable.some((answer) => answer.url === '/bff/session')).toBe(true);

    await replicas.redis.restart();
    // By itself: no click, no reload.
    const restartedAt = Date.now();
    await expect(page.locator('.transaction').first()).toBeVisible();
    console.log(`Redis back: the account's data showed again ${Date.now() - restartedAt} ms later`);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
    await expect(firstCard(newTab)).toBeVisible();
    await expect(newTab.getByTestId('session-indicator')).toContainText('Jane Doe');
    expect(authorizeNavigations.count()).toBe(1);
    await expectSessionOnEveryReplica(replicas, cookie, 200);
  });

  test('the IdP ends the session (back-channel logout): gone on both replicas, and the open tab shows it is signed out, and why, within 1 s', async ({
    page,
    context,
    stack,
    signIn,
  }) => {
    const replicas = replicasOf(stack);
    const cookie = await signInJane(page, context, signIn);
    await expectSessionOnEveryReplica(replicas, cookie, 200);
    // The tab notes the moment it first shows the explanation, on the DOM change itself.
    await page.evaluate(() => {
      const w = window as unknown as { endedShownAt?: number };
      new MutationObserver(() => {
        if (
          w.endedShownAt === undefined &&
          document.body.textContent?.includes('Your session has ended')
        ) {
          w.endedShownAt = Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    // The IdP's admin end-session endpoint: it ends the IdP session and answers once the BFF has
    // answered its logout_token (through the proxy, so on either replica).
    const started = Date.now();
    const ending = await fetch(`${stack.idp.url}/__admin/users/usr_jane_doe/end-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const ended = Date.now();
    expect(ending.status).toBe(204);
    await expectSessionOnEveryReplica(replicas, cookie, 401);
    const shownAt = await page
      .waitForFunction(() => (window as unknown as { endedShownAt?: number }).endedShownAt)
      .then((handle) => handle.jsonValue());
    console.log(
      `back-channel logout: the IdP's call returned in ${ended - started} ms; ` +
        `the tab showed it ${shownAt! - ended} ms after`,
    );
    expect(shownAt! - ended).toBeLessThan(1000);
    // On the front page, saying why, with the way back in; no account data left, no trip to the IdP.
    await expect(page).toHaveURL(`${stack.dashboard.url}/`);
    await expect(page.getByRole('status')).toContainText(
      "Your session has ended: it was closed at the bank's sign-in service",
    );
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByTestId(CHECKING)).toHaveCount(0);
    expect(stack.idp.counters().authorizations).toBe(1);
  });
});
