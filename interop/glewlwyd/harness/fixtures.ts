// The journeys' fixtures: one interop stack per worker (per distinct `interop` options), failure
// reports with Glewlwyd's and the proxy's side, and the sign-in at Glewlwyd's own pages.
import { writeFile } from 'node:fs/promises';
import { test as base, expect, type Page } from '@playwright/test';
import { missingPrerequisite } from './glewlwyd-process';
import { DEMO_USERS, type DemoUser } from './provider-setup';
import { startInteropStack, type InteropOptions, type InteropStack } from './stack';

export { expect };

const missing = missingPrerequisite();
if (missing && process.env.CI) {
  // CI installs Glewlwyd (.ci/run → scripts/ensure-glewlwyd.sh): its absence there is a failure.
  throw new Error(`Glewlwyd interop suite: ${missing} (run: bash scripts/ensure-glewlwyd.sh)`);
}
/** Outside CI, a machine without Glewlwyd skips the suite with this reason. */
export const skipReason = missing && `${missing}; install it with: bash scripts/ensure-glewlwyd.sh`;

export const JANE = DEMO_USERS[0]!;

interface WorkerFixtures {
  interop: InteropOptions;
  stack: InteropStack;
}

export const test = base.extend<{ report: void }, WorkerFixtures>({
  interop: [{}, { scope: 'worker', option: true }],
  stack: [
    async ({ interop }, use) => {
      const stack = await startInteropStack(interop);
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 30_000 },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.app.url);
  },
  report: [
    async ({ stack }, use, testInfo) => {
      const from = stack.provider.requests().length;
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        const requests = stack.provider.requests().slice(from);
        const path = testInfo.outputPath('provider.log');
        await writeFile(
          path,
          `${requests.map((entry) => JSON.stringify(entry)).join('\n')}\n\n--- glewlwyd ---\n${stack.glewlwyd.log()}`,
        );
        await testInfo.attach('provider.log', { path, contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

test.skip(Boolean(skipReason), skipReason || '');

/** Opens the app signed out, signs in as `user` at Glewlwyd's login pages, waits to be back. */
export async function signIn(page: Page, user: DemoUser = JANE) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Login' }).fill(user.username);
  await page.getByRole('textbox', { name: 'Password' }).fill(user.password);
  await page.getByRole('button', { name: 'OK' }).click();
  await passGrantAndContinue(page);
}

/** Signs out in the app and confirms at Glewlwyd's "End session" page. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Logout' }).click();
}

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
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
  return { header: header!, claims: payload! };
}

/**
 * After authentication Glewlwyd shows the consent page the first time (scopes other than openid
 * unticked), and always a "Continue / Logout" page before it returns a code.
 */
export async function passGrantAndContinue(page: Page) {
  const grant = page.getByRole('button', { name: 'Grant access' });
  const proceed = page.getByRole('button', { name: 'Continue' });
  await expect(grant.or(proceed).first()).toBeVisible();
  if (await grant.isVisible()) {
    for (const checkbox of await page.getByRole('checkbox', { disabled: false }).all()) {
      await checkbox.check();
    }
    await grant.click();
  }
  await proceed.click();
}
