// Builds the quick start (the README's code, verbatim) with Vite against a local IdP on a free port,
// then signs in and out in Chromium the way a new user would, and meets a failed sign-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import { start as startIdp, type RunningIdp } from '@sesame/idp';
import { serveStatic } from './static-server';

const CLIENT_ID = 'quickstart';
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'sesame-quickstart-'));

let app: Awaited<ReturnType<typeof serveStatic>>;
let idp: RunningIdp;

test.beforeAll(async () => {
  app = await serveStatic(() => outDir);
  idp = await startIdp({
    port: 0,
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: 'Quick start',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // Exactly what the quick start sends (`${origin}/`): the IdP compares character for character.
        redirect_uris: [`${app.url}/`],
        post_logout_redirect_uris: [`${app.url}/`],
      },
    ],
  });
  process.env.VITE_OIDC_AUTHORITY = idp.issuer;
  process.env.VITE_OIDC_CLIENT_ID = CLIENT_ID;
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
});

test.afterAll(async () => {
  await idp?.stop();
  await app?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

test('the README quick start signs in against the local IdP, and out again', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForURL((url) => url.origin === new URL(idp.url).origin);
  await page.getByLabel('User ID').fill('jane.doe');
  await page.getByLabel('Password').fill('sesame');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const allow = page.getByRole('button', { name: 'Allow' });
  const signOut = page.getByRole('button', { name: /^Sign out / });
  await expect(allow.or(signOut)).toBeVisible();
  if (await allow.isVisible()) await allow.click();

  await expect(signOut).toHaveText('Sign out Jane Doe');
  // Back on the app with the authorization response consumed: no code or state left in the URL.
  expect(new URL(page.url()).search).toBe('');

  await signOut.click();
  await page.waitForURL((url) => url.origin === app.url);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a failed sign-in shows in `error`, and its rejection is handled', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message)); // unhandled rejections land here too
  await idp.pause(); // the IdP is down: the sign-in cannot even start
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText(/^Please sign in again \(\w+\)\.$/);
  } finally {
    await idp.resume();
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === new URL(idp.url).origin);
  expect(errors).toEqual([]);
});
