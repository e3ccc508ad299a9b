import { test, expect } from '../fixtures/test';
import {
  countByKind,
  harvestPage,
  installFetchRecorder,
  issuedTokensIn,
  jwtsIn,
  recordTokensIssuedToPage,
} from '../fixtures/token-harvest';

// The documented contrast to bff-injected-script.spec.ts (issue 19): the same injected script, in
// browser mode (the default stack), finds the access, refresh and ID tokens the IdP issued.

const CHECKING = 'account-acc_jane_checking';
const PROBES = ['/bff/session', '/bff/api/bank/accounts', '/bff/api/bank/me'];

test.describe('browser mode (the documented contrast): the same script finds the tokens', () => {
  test('signed in: the script finds the access, refresh and ID tokens the IdP issued, and JWTs', async ({
    page,
    context,
    stack,
    signIn,
  }) => {
    const toPage = recordTokensIssuedToPage(context, stack.idp.issuer);
    await installFetchRecorder(context);
    await signIn('jane.doe');
    await expect(page.getByTestId(CHECKING)).toBeVisible();
    await page.getByTestId(CHECKING).click();
    await expect(page.locator('.transaction').first()).toBeVisible();

    const harvest = await harvestPage(page, PROBES);
    const issued = await toPage();
    const counts = countByKind(issued);
    expect(counts.access_token).toBeGreaterThanOrEqual(1);
    expect(counts.refresh_token).toBeGreaterThanOrEqual(1);
    expect(counts.id_token).toBeGreaterThanOrEqual(1);

    const found = issuedTokensIn(harvest, issued);
    console.log(
      'browser mode, where the script found the tokens:\n' +
        found.map(({ kind, where }) => `  ${kind}: ${where.join(', ')}`).join('\n'),
    );
    expect(new Set(found.map(({ kind }) => kind))).toEqual(
      new Set(['access_token', 'refresh_token', 'id_token']),
    );
    // Where an XSS payload reads them without any wrapper: Web Storage.
    for (const kind of ['access_token', 'refresh_token', 'id_token'] as const) {
      const inStorage = found.filter(
        (sighting) =>
          sighting.kind === kind &&
          sighting.where.some((where) => where.startsWith('sessionStorage')),
      );
      expect(inStorage.length, `${kind} in sessionStorage`).toBeGreaterThan(0);
    }
    const jwts = jwtsIn(harvest);
    expect(jwts.length).toBeGreaterThan(0);
    expect(jwts.every(({ header }) => typeof header.alg === 'string')).toBe(true);
  });
});
