// A refresh token Glewlwyd no longer honours. With one-use refresh tokens, a copy used elsewhere
// first (stolen, or another instance of the app) makes Glewlwyd refuse the app's own: HTTP 400 with
// no body at all, not RFC 6749's `invalid_grant`. Only a network failure, a 5xx or a 429 can
// succeed on retry, so the session must end at once, after one request (issue 17, item 9).
import { expect, test } from '../harness/fixtures';
import { signIn } from '../harness/glewlwyd-pages';
import { refreshTokenWorks, storedTokens } from '../harness/observations';

test('a refresh token Glewlwyd refuses ends the session with login_required after one request', async ({
  page,
  stack,
  provider,
}) => {
  await signIn(page);
  const tokens = await storedTokens(page);
  expect(await refreshTokenWorks(stack, tokens!.refreshToken!)).toBe(true);

  await page.getByRole('button', { name: 'Refresh now' }).click();

  await expect(page.getByTestId('action')).toHaveText('error login_required', { timeout: 5_000 });
  await expect(page.getByTestId('status')).toHaveText('unauthenticated');
  expect(await storedTokens(page)).toBeUndefined();
  expect(provider.grants('refresh_token').map((request) => request.status)).toEqual([400]);
  // No retry later either (background renewal, back-off timers).
  await page.waitForTimeout(3_000);
  expect(provider.grants('refresh_token')).toHaveLength(1);
});
