import { newDpopHolder, signDpopProof } from '@sesame/test-stack/dpop-client';
import { refreshTokens, tokenRequestDpop } from '@sesame/test-stack/real-idp';
import { test, expect } from '../fixtures/test';
import {
  boundThumbprint,
  copyAccessToken,
  copyRefreshToken,
  storedProofKeys,
  watchAuthorization,
} from '../fixtures/dpop-helpers';

// DPoP (RFC 9449, issue 18) end to end in Chromium: the IdP requires it of the dashboard client
// (bound access and refresh tokens), the dashboard runs with core's dpop(), the bank API as always.
// A stack option: these tests get a worker and a stack of their own.
test.use({ stackOptions: { dpop: true } });

const CHECKING = 'account-acc_jane_checking';

test.describe('DPoP-bound tokens in the browser', () => {
  test('sign-in binds the tokens to a non-extractable key in IndexedDB; API requests carry DPoP and a proof, never Bearer; the Profile says so', async ({
    page,
    context,
    stack,
    signIn,
  }) => {
    const apiAuthorization = watchAuthorization(context, new URL(stack.api.url).origin);
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();

    const sent = await apiAuthorization();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((each) => each.scheme !== 'DPoP' || !each.proof)).toEqual([]);

    // One key, under this client and issuer, that the page cannot export; the token names it.
    const [key, ...others] = await storedProofKeys(page);
    expect(others).toEqual([]);
    expect(key).toMatchObject({
      name: `bank-dashboard@${stack.idp.issuer}`,
      privateKeyType: 'CryptoKey',
      privateExtractable: false,
    });
    expect(boundThumbprint(await copyAccessToken(page, stack))).toBe(key?.jkt);

    await page.getByRole('link', { name: 'Profile' }).click();
    await expect(page.getByText('Sender-constrained (DPoP)')).toBeVisible();
    await expect(page.getByTestId('token-key-thumbprint')).toHaveAttribute('title', key!.jkt);
  });

  test('a script in the page copies the access token: sent from Node it is refused 3 ways with a DPoP challenge, and the page keeps working', async ({
    page,
    stack,
    signIn,
    authorizeNavigations,
    apiRequests,
  }) => {
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    const stolen = await copyAccessToken(page, stack);
    expect(stolen).toMatch(/^eyJ/);
    const token = stolen!;

    const accounts = `${stack.api.url}/accounts`;
    const attacker = await newDpopHolder();
    const attempts = {
      'as Bearer': { authorization: `Bearer ${token}` },
      'as DPoP without a proof': { authorization: `DPoP ${token}` },
      'as DPoP with a proof signed by another key': {
        authorization: `DPoP ${token}`,
        dpop: await signDpopProof(attacker, token, accounts),
      },
    };
    for (const [how, headers] of Object.entries(attempts)) {
      const response = await fetch(accounts, { headers });
      expect(response.status, how).toBe(401);
      expect(response.headers.get('www-authenticate'), how).toMatch(/^DPoP .*error="invalid_/);
      expect(await response.text(), how).not.toContain('acc_jane');
    }
    const refused = apiRequests().filter((entry) => entry.status === 401);
    expect(refused).toHaveLength(3);

    // The page itself, with its key, carries on: other pages and an account's transactions load.
    const since = new Date().toISOString();
    await page.getByRole('link', { name: 'Cards' }).click();
    await expect(page.getByRole('heading', { name: /debit card ending/ }).first()).toBeVisible();
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId(CHECKING).click();
    await expect(page.locator('.transaction').first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    const after = apiRequests().filter((entry) => entry.at >= since);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(authorizeNavigations.count()).toBe(1); // the sign-in, and no trip since
    expect(new URL(page.url()).origin).toBe(stack.dashboard.url);
  });

  test('a reload keeps the key and the session without signing in again; sign-out deletes the key', async ({
    page,
    stack,
    signIn,
    authorizeNavigations,
  }) => {
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    const [before] = await storedProofKeys(page);
    expect(before?.jkt).toEqual(expect.any(String));

    await page.reload();
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(authorizeNavigations.count()).toBe(1);
    expect(stack.idp.counters().tokenRequests.authorization_code).toBe(1);
    expect(await storedProofKeys(page)).toEqual([before]);
    expect(boundThumbprint(await copyAccessToken(page, stack))).toBe(before?.jkt);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.dashboard.url}/`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await storedProofKeys(page)).toEqual([]);
    expect(await copyAccessToken(page, stack)).toBeNull();
  });

  test.describe('with 5 s access tokens', () => {
    const TTL = 5;
    const DURATION_MS = 13_000;
    test.use({ dashboardConfig: { refreshBeforeExpirySeconds: 2 } });

    test("refreshes carry proofs and stay bound to the same key, data keeps loading with no redirect; a refresh token copied by a page script is refused at the IdP without the page's key", async ({
      page,
      context,
      stack,
      signIn,
      authorizeNavigations,
      apiRequests,
    }) => {
      stack.idp.setAccessTokenTtl(TTL);
      const idpAuthorization = watchAuthorization(context, new URL(stack.idp.url).origin);
      await signIn('jane.doe');
      await page.getByTestId(CHECKING).click();
      const [key] = await storedProofKeys(page);

      // The refresh token is bound too: copied, it is refused without a proof and with another
      // key's. (oidc-provider checks the binding before rotation reuse, so these attempts cannot
      // revoke the grant even if the page has rotated the token meanwhile: the loop below shows it.)
      const stolen = await copyRefreshToken(page, stack);
      expect(stolen).toEqual(expect.any(String));
      const attacker = tokenRequestDpop(await newDpopHolder());
      for (const dpop of [undefined, attacker]) {
        const attempt = refreshTokens({
          issuer: stack.idp.issuer,
          refreshToken: stolen!,
          ...(dpop && { dpop }),
        });
        await expect(attempt).rejects.toMatchObject({ status: 400, error: 'invalid_grant' });
      }
      stack.idp.resetCounters();
      const started = Date.now();

      // Every search is a new API request needing a fresh token.
      const search = page.getByLabel('Search transactions');
      const terms = ['Rent', 'Salary', 'Card', 'Electricity', 'Streaming', 'Standing'];
      for (let step = 0; Date.now() - started < DURATION_MS; step++) {
        const term = terms[step % terms.length]!;
        await search.fill(term);
        await expect(page.locator('.transaction').first()).toContainText(term);
        await expect(page.getByRole('alert')).toHaveCount(0);
        await page.waitForTimeout(700);
      }

      const counters = stack.idp.counters();
      // A token lives 5 s and is renewed 2 s early: about one refresh per 3 s.
      expect(counters.tokenRequests.refresh_token).toBeGreaterThanOrEqual(2);
      expect(counters.tokenErrors).toEqual({});
      const tokenRequests = (await idpAuthorization()).filter((each) => each.path === '/token');
      expect(tokenRequests.length).toBeGreaterThanOrEqual(3); // the code exchange and the refreshes
      expect(tokenRequests.filter((each) => !each.proof)).toEqual([]);
      expect(boundThumbprint(await copyAccessToken(page, stack))).toBe(key?.jkt);
      expect(authorizeNavigations.count()).toBe(1);
      const requests = apiRequests().filter((entry) => entry.at >= new Date(started).toISOString());
      expect(requests.length).toBeGreaterThan(3);
      expect(requests.filter((entry) => entry.status !== 200)).toEqual([]);
    });
  });
});
