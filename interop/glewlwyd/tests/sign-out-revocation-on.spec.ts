// Sign-out with Glewlwyd's revocation endpoint on. Glewlwyd lets only confidential clients revoke
// (discovery: revocation_endpoint_auth_methods_supported = ["client_secret_basic"]), so for a
// public client revocation can only fail: sign-out must not depend on it.
import { expect, test } from '../harness/fixtures';
import { signIn, signOut } from '../harness/glewlwyd-pages';
import { expectSignedOutEverywhere, storedTokens } from '../harness/observations';

test.use({ interop: { revocation: true } });

test('signs out and returns to the app although revocation needs client authentication', async ({
  page,
  stack,
  provider,
}) => {
  // Needs issue 17's sign-out fixes in @sesame/core: (1) best-effort revocation (today the 401
  // from /revoke rejects signOut() with sign_out_failed and the end-session step never runs) and
  // (2) a `state` on the end-session request (without it Glewlwyd does not send the user back).
  test.fail();
  await signIn(page);
  const before = await storedTokens(page);

  await signOut(page);

  await expectSignedOutEverywhere(page, stack, provider, before!);
  // Revocation is tried at most once (or skipped, as discovery says a public client cannot use it).
  expect(provider.to('/revoke').length).toBeLessThanOrEqual(1);
});
