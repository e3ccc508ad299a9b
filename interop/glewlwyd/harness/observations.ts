// What the journeys observe: the bank API's request log, the provider's side (through the
// counting proxy, or by asking Glewlwyd directly), and what the page keeps.
import { expect, type Page } from '@playwright/test';
import type { ProviderLog } from './counting-proxy';
import { sessionClosedPage } from './glewlwyd-pages';
import { CLIENT_ID, PLUGIN_NAME } from './provider-setup';
import type { InteropStack } from './stack';

/** The bank API's answers since request-log index `from`, as `GET /me 200` (CORS preflights left out). */
export const bankCalls = (stack: InteropStack, from: number): string[] =>
  stack.bank.requestLog
    .slice(from)
    .filter((entry) => entry.method !== 'OPTIONS')
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

export interface StoredTokens {
  accessToken: string;
  refreshToken: string | undefined;
  idToken: string | undefined;
}

/** The tokens Sesame keeps in the page's session storage (for the test's own checks only). */
export async function storedTokens(page: Page): Promise<StoredTokens | undefined> {
  return page.evaluate(() => {
    for (const value of Object.values(sessionStorage)) {
      try {
        const user = JSON.parse(value) as Record<string, unknown>;
        if (typeof user.access_token === 'string') {
          return {
            accessToken: user.access_token,
            refreshToken: user.refresh_token as string | undefined,
            idToken: user.id_token as string | undefined,
          };
        }
      } catch {
        // not Sesame's entry
      }
    }
    return undefined;
  });
}

/** A JWT's header and claims, decoded without verification (the bank API verifies). */
export function decodeJwt(token: string) {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map(
      (part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>,
    );
  return { header: header!, claims: payload! };
}

/**
 * Whether Glewlwyd still honours `refreshToken`, asked directly (not through the counting proxy, so
 * the journeys' counts are the app's alone). Glewlwyd refreshes public clients without a secret.
 */
export async function refreshTokenWorks(stack: InteropStack, refreshToken: string) {
  const response = await fetch(`${stack.glewlwyd.url}/api/${PLUGIN_NAME}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: refreshToken,
    }),
  });
  return response.ok;
}

/**
 * After a sign-out: back on the app and signed out there, with no token left in the page; one
 * end-session request with a `state`; the session over at Glewlwyd too (the refresh token from
 * before is refused, and a new sign-in asks for the password again).
 */
export async function expectSignedOutEverywhere(
  page: Page,
  stack: InteropStack,
  provider: ProviderLog,
  before: StoredTokens,
) {
  // Back on the app, or stranded on Glewlwyd's "Session closed" page: whichever comes first.
  await expect(page.getByTestId('status').or(sessionClosedPage(page))).toBeVisible();
  expect(new URL(page.url()).origin, 'back on the app after the end-session step').toBe(
    stack.app.url,
  );
  await expect(page.getByTestId('status')).toHaveText('unauthenticated');
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(await storedTokens(page)).toBeUndefined();

  const endSession = provider.to('/end_session');
  expect(endSession).toHaveLength(1);
  expect(endSession[0]!.params).toEqual(
    expect.arrayContaining(['id_token_hint', 'post_logout_redirect_uri', 'state']),
  );

  expect(before.refreshToken).toBeDefined();
  expect(await refreshTokenWorks(stack, before.refreshToken!)).toBe(false);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('textbox', { name: 'Password' })).toBeVisible();
}
