import { test, expect } from '../fixtures/test';
import { boundThumbprint, copyAccessToken, watchAuthorization } from '../fixtures/dpop-helpers';

// DPoP with server nonces (RFC 9449 §8, §9) in Chromium: the IdP requires them at /token and the
// bank API at every request. The browser can only answer a challenge it can read, so this is also
// the test of both servers' CORS (the DPoP request header, the exposed DPoP-Nonce and
// WWW-Authenticate). A stack of its own (a worker option).
test.use({ stackOptions: { dpop: true, dpopNonce: true } });

test('each server nonce challenge is answered once with the nonce, then reused: data loads, no refresh, no trip to the IdP', async ({
  page,
  context,
  stack,
  signIn,
  authorizeNavigations,
  apiRequests,
}) => {
  const toApi = watchAuthorization(context, new URL(stack.api.url).origin);
  const toIdp = watchAuthorization(context, new URL(stack.idp.url).origin);
  await signIn('jane.doe');
  await expect(page.getByTestId('account-acc_jane_checking')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The IdP: the code exchange refused once for its nonce, sent again with it, and nothing else.
  const counters = stack.idp.counters();
  expect(counters.tokenErrors).toEqual({ use_dpop_nonce: 1 });
  expect(counters.tokenRequests).toMatchObject({ authorization_code: 2, refresh_token: 0 });
  const exchanges = (await toIdp()).filter((sent) => sent.path === '/token');
  expect(exchanges.map((sent) => [sent.proof, sent.proofNonce !== undefined])).toEqual([
    [true, false],
    [true, true],
  ]);

  // The API: its first request challenged and sent again once with the nonce; the Overview's
  // requests after it reuse the nonce, and so do later pages': no other challenge.
  await expect(page.getByTestId('total-balance')).toBeVisible();
  await page.getByRole('link', { name: 'Cards' }).click();
  await expect(page.getByRole('heading', { name: /debit card ending/ }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('account-acc_jane_checking').click();
  await expect(page.locator('.transaction').first()).toBeVisible();
  const [challenged, retried, ...rest] = apiRequests();
  expect(challenged).toMatchObject({ path: '/accounts', status: 401, error: 'use_dpop_nonce' });
  expect(retried).toMatchObject({ path: '/accounts', status: 200 });
  expect(rest.length).toBeGreaterThan(3);
  expect(rest.filter((entry) => entry.status !== 200)).toEqual([]);
  const sent = await toApi();
  expect(sent).toHaveLength(rest.length + 2);
  expect(sent.filter((each) => each.scheme !== 'DPoP' || !each.proof)).toEqual([]);
  expect(sent.map((each) => each.proofNonce !== undefined)).toEqual(sent.map((_, i) => i > 0));

  expect(stack.idp.counters().tokenRequests.refresh_token).toBe(0);
  expect(authorizeNavigations.count()).toBe(1);
  expect(boundThumbprint(await copyAccessToken(page, stack))).toEqual(expect.any(String));
});
