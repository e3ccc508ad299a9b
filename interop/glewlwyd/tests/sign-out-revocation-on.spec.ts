// Sign-out with Glewlwyd's revocation endpoint on. Glewlwyd lets only confidential clients revoke
// (discovery: revocation_endpoint_auth_methods_supported = ["client_secret_basic"]), so for a
// public client revocation can only fail: sign-out must not depend on it (issue 17, item 1).
import { test } from '../harness/fixtures';
import { signInThenSignOut } from '../harness/sign-out-journey';

test.use({ interop: { revocation: true } });

test('signs out and returns to the app although revocation needs client authentication', async ({
  page,
  stack,
  provider,
}) => {
  // /revoke is not even tried: discovery says a public client cannot authenticate there (no
  // "none"). Before issue 17's fix the 401 from /revoke rejected signOut() and the end-session step
  // never ran.
  await signInThenSignOut(page, stack, provider);
});
