// Refresh-token rotation with Glewlwyd (`refresh-token-one-use: always`), counted at the provider:
// every refresh_token grant that reaches Glewlwyd goes through the harness's counting proxy.
import { expect, test } from '../harness/fixtures';
import { signIn } from '../harness/glewlwyd-pages';

test('a forced refresh asks Glewlwyd once per call, and presents the rotated refresh token each time', async ({
  page,
  provider,
  bankCalls,
}) => {
  await signIn(page);
  const refreshes = () => provider.grants('refresh_token');
  expect(refreshes()).toHaveLength(0);

  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByTestId('refreshes')).toHaveText('1');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByTestId('refreshes')).toHaveText('2');

  expect(refreshes().map((request) => request.status)).toEqual([200, 200]);
  // Rotation: the second refresh used the token the first one returned, not the original.
  const [first, second] = refreshes().map((request) => request.refreshTokenDigest);
  expect(first).toBeDefined();
  expect(second).not.toBe(first);

  // The refreshed access token still carries the bank's audience and works there, without
  // another refresh (it is fresh).
  await page.getByRole('button', { name: 'Call the bank' }).click();
  await expect(page.getByTestId('bank')).toHaveText(/^200 /);
  expect(bankCalls()).toEqual(['GET /me 200']);
  expect(refreshes()).toHaveLength(2);
  await expect(page.getByTestId('status')).toHaveText('authenticated');
});
