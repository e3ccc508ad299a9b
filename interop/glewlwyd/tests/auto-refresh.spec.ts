// Automatic refresh with Glewlwyd: a short-lived access token renewed in the background before it
// expires, counted at the provider (the harness's counting proxy sees every refresh_token grant).
import { expect, test } from '../harness/fixtures';
import { signIn } from '../harness/glewlwyd-pages';

// Sesame renews when the token turns stale (8 s before expiry) plus up to 5 s of jitter, so 4 to
// 9 s after a 12-second token arrives: before it expires, with room for a slow machine.
const LIFETIME_MS = 12_000;
const STALE_AFTER_MS = 4_000;
test.use({ interop: { accessTokenSeconds: 12, refreshBeforeExpirySeconds: 8 } });

test('renews in the background once the token is stale and before it expires, without any click', async ({
  page,
  provider,
  bankCalls,
}) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Call the bank' }).click();
  await expect(page.getByTestId('bank')).toHaveText(/^200 /);

  await expect(page.getByTestId('refreshes')).toHaveText('1', { timeout: LIFETIME_MS + 2_000 });
  const [exchange] = provider.grants('authorization_code');
  const refreshes = provider.grants('refresh_token');
  expect(refreshes.map((request) => request.status)).toEqual([200]);
  const after = refreshes[0]!.at - exchange!.at;
  expect(after).toBeGreaterThan(STALE_AFTER_MS - 500);
  expect(after).toBeLessThan(LIFETIME_MS);

  // The renewed token works at the bank without another refresh, and the API never saw a 401.
  await page.getByRole('button', { name: 'Call the bank' }).click();
  await expect.poll(bankCalls).toEqual(['GET /me 200', 'GET /me 200']);
  expect(provider.grants('refresh_token')).toHaveLength(1);
  await expect(page.getByTestId('status')).toHaveText('authenticated');
});
