// Sign-out with Glewlwyd's revocation endpoint off (not in discovery): RP-initiated logout only.
import { test } from '../harness/fixtures';
import { signInThenSignOut } from '../harness/sign-out-journey';

test.use({ interop: { revocation: false } });

test("signs out at Glewlwyd's end-session page and returns to the app", async ({
  page,
  stack,
  provider,
}) => {
  // The end-session request carries a `state` (issue 17, item 2): without one, Glewlwyd ends its
  // session but leaves the user on its "Session closed" page. No /revoke: it is not in discovery.
  await signInThenSignOut(page, stack, provider);
});
