// The sign-out journey the revocation-on and revocation-off files share: only Glewlwyd's set-up
// differs between them (and why neither may see a revocation request, which each file says).
import { expect, type Page } from '@playwright/test';
import type { ProviderLog } from './counting-proxy';
import { signIn, signOut } from './glewlwyd-pages';
import { expectSignedOutEverywhere, storedTokens } from './observations';
import type { InteropStack } from './stack';

/**
 * Signs Jane in, signs her out through Glewlwyd's end-session page, and expects her signed out
 * everywhere (see `expectSignedOutEverywhere`), the tokens she had before refused, and no request to
 * /revoke: Glewlwyd offers a public client no way to authenticate there, with revocation on or off.
 */
export async function signInThenSignOut(page: Page, stack: InteropStack, provider: ProviderLog) {
  await signIn(page);
  const before = await storedTokens(page);
  expect(before, 'tokens in the page after sign-in').toBeDefined();

  await signOut(page);

  await expectSignedOutEverywhere(page, stack, provider, before!);
  expect(provider.to('/revoke')).toHaveLength(0);
}
