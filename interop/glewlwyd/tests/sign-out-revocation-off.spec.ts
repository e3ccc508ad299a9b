// Sign-out with Glewlwyd's revocation endpoint off (not in discovery): RP-initiated logout only.
import { expect, test } from '../harness/fixtures';
import { signIn, signOut } from '../harness/glewlwyd-pages';
import { expectSignedOutEverywhere, storedTokens } from '../harness/observations';

test.use({ interop: { revocation: false } });

test("signs out at Glewlwyd's end-session page and returns to the app", async ({
  page,
  stack,
  provider,
}) => {
  // The end-session request carries a `state` (issue 17, item 2): without one, Glewlwyd ends its
  // session but leaves the user on its "Session closed" page.
  await signIn(page);
  const before = await storedTokens(page);

  await signOut(page);

  await expectSignedOutEverywhere(page, stack, provider, before!);
  expect(provider.to('/revoke')).toHaveLength(0);
});
