// Several tabs of one app in one real Chromium context, against the real IdP (refresh-token rotation on,
// reuse of a rotated token ends the grant) and the real bank API: sign-out reaches every tab, tabs
// sharing tokens refresh once per expiry (Web Locks, and the localStorage lease without them), and the
// idle timeout warns then signs every tab out, postponed for all by activity in one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '@sesame/test-stack/chromium';
import { startBankApi as startApi, type RunningBankApi } from '@sesame/test-stack/real-bank-api';
import {
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  startIdp,
  type RunningIdp,
} from '@sesame/test-stack/real-idp';
import type { AuthClient } from '../src/types';
import { startTabApp, type TabApp } from './tab-app';

const ACCESS_TOKEN_TTL = 8; // seconds; stale 2 s before (refreshBeforeExpirySeconds)
let browser: Browser;
let idp: RunningIdp;
let api: RunningBankApi;
let app: TabApp;

beforeAll(async () => {
  app = await startTabApp();
  idp = await startIdp({
    port: 0,
    accessTokenTtl: ACCESS_TOKEN_TTL,
    dashboardRedirectUris: [`${app.url}/callback`],
    dashboardPostLogoutRedirectUris: [`${app.url}/`],
  });
  api = await startApi({ port: 0, issuer: idp.issuer, allowedOrigins: [app.url] });
  browser = await chromium.launch(chromiumLaunchOptions);
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await idp?.stop();
  await app?.stop();
});

function configure(settings: Record<string, unknown>, withoutWebLocks = false) {
  app.config = {
    withoutWebLocks,
    settings: {
      authority: idp.issuer,
      client_id: DASHBOARD_CLIENT_ID,
      scope: DEFAULT_DASHBOARD_SCOPE,
      apiOrigins: [new URL(api.url).origin],
      refreshBeforeExpirySeconds: 2,
      ...settings,
    },
  };
}

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('body[data-ready="yes"]');
  return page;
}

const status = (page: Page) => page.locator('#status').textContent();

/** Signs Jane in through the IdP's pages in `page`. */
async function signIn(page: Page) {
  await page.evaluate(() => {
    void window.sesame.signIn({ returnTo: '/' });
  });
  await page.waitForURL(`${idp.issuer}/**`);
  await page.fill('input[name="login"]', 'jane.doe');
  await page.fill('input[name="password"]', 'sesame');
  await page.click('button:has-text("Sign in")');
  const allow = page.locator('button:has-text("Allow")');
  await Promise.race([page.waitForURL(`${app.url}/**`), allow.waitFor().then(() => allow.click())]);
  await page.waitForURL(`${app.url}/`);
  await page.waitForSelector('body[data-ready="yes"]');
  expect(await status(page)).toBe('authenticated');
}

async function withContext<T>(run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

describe('sign-out in one tab', () => {
  it.each(['local', 'session'] as const)(
    'signs the other tab out within 1 s (storage %s)',
    async (storage) => {
      configure({ storage });
      await withContext(async (context) => {
        const a = await open(context);
        await signIn(a);
        const b = await open(context);
        if (storage === 'session') {
          // A new tab has no tokens with session storage: it signs in silently (the IdP session allows it).
          expect(await status(b)).toBe('unauthenticated');
          await b.evaluate(() => {
            void window.sesame.signIn({ prompt: 'none', returnTo: '/' });
          });
          await b.waitForURL(`${app.url}/`);
          await b.waitForSelector('body[data-ready="yes"]');
        }
        expect(await status(b)).toBe('authenticated');

        const started = Date.now();
        await a.evaluate(() => window.sesame.signOut({ redirect: false }));
        await b.waitForFunction(
          () => window.sesame.getSnapshot().status === 'unauthenticated',
          null,
          { timeout: 1000, polling: 10 },
        );
        const elapsed = Date.now() - started;
        console.log(`sign-out reached the other tab (storage ${storage}) in ${elapsed} ms`);
        expect(elapsed).toBeLessThan(1000);
        expect(await status(b)).toBe('unauthenticated:signed_out_elsewhere');
        expect(await b.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      });
    },
  );
});

describe('three tabs sharing tokens (storage: local), requests at every expiry', () => {
  it.each([
    ['Web Locks', false],
    ['the IndexedDB lease (no navigator.locks)', true],
  ])(
    'with %s: every request succeeds, one refresh per expiry, zero invalid_grant',
    async (_name, withoutWebLocks) => {
      configure({ storage: 'local' }, withoutWebLocks);
      await withContext(async (context) => {
        const first = await open(context);
        await signIn(first);
        const tabs = [first, await open(context), await open(context)];
        expect(
          await Promise.all(
            tabs.map((t) => t.evaluate(() => 'locks' in navigator && !!navigator.locks)),
          ),
        ).toEqual([!withoutWebLocks, !withoutWebLocks, !withoutWebLocks]);
        idp.resetCounters();

        const EXPIRIES = 2;
        for (let round = 1; round <= EXPIRIES; round++) {
          // Each tab waits until its token turns stale, then fires 5 API requests at once.
          const results = await Promise.all(
            tabs.map((tab) =>
              tab.evaluate(async (apiUrl) => {
                const user = window.sesame.getSnapshot().user!;
                await new Promise((r) =>
                  setTimeout(r, user.accessTokenExpiresAt - 2000 - Date.now() + 50),
                );
                const responses = await Promise.all(
                  Array.from({ length: 5 }, () => window.sesame.fetch(`${apiUrl}/accounts`)),
                );
                return responses.map((r) => r.status);
              }, api.url),
            ),
          ).catch(async (error: unknown) => {
            // The engine's decisions in each tab (no tokens in them) explain a failure.
            for (const tab of tabs) console.error(await tab.evaluate(() => window.sesameLog));
            throw error;
          });
          expect(results.flat()).toEqual(Array(15).fill(200));
          expect(idp.counters().tokenRequests.refresh_token).toBe(round);
        }
        expect(idp.counters().tokenErrors).toEqual({});
        const tokens = await Promise.all(
          tabs.map((t) => t.evaluate(() => window.sesame.peekAccessToken())),
        );
        expect(new Set(tokens).size).toBe(1);
      });
    },
    60_000,
  );
});

describe('idle timeout across tabs', () => {
  it('warns in every tab, activity in one postpones it for all, then signs every tab out', async () => {
    configure({ storage: 'local', idleTimeoutSeconds: 6, idleWarningSeconds: 3, autoRenew: false });
    await withContext(async (context) => {
      const a = await open(context);
      await signIn(a);
      const b = await open(context);
      const idleText = (page: Page) => page.locator('#idle').textContent();

      // Both tabs reach the warning together.
      await b.waitForFunction(
        () => document.getElementById('idle')!.textContent!.startsWith('warning'),
        null,
        {
          timeout: 8000,
        },
      );
      expect(await idleText(a)).toMatch(/^warning:[123]$/);

      // "Stay signed in" in tab A ends the warning in tab B too.
      await a.click('#stay');
      await b.waitForFunction(
        () => document.getElementById('idle')!.textContent === 'active',
        null,
        {
          timeout: 1000,
        },
      );
      const stayedAt = Date.now();

      // Ordinary activity in tab A (before the warning) postpones tab B's warning as well.
      await new Promise((r) => setTimeout(r, 1500));
      await a.keyboard.press('Shift');
      const typedAt = Date.now();
      await b.waitForFunction(
        () => document.getElementById('idle')!.textContent!.startsWith('warning'),
        null,
        {
          timeout: 8000,
        },
      );
      expect(Date.now() - typedAt).toBeGreaterThan(2500); // warning 3 s after the key press
      expect(Date.now() - stayedAt).toBeGreaterThan(4000);

      // Nobody does anything: every tab signs out for inactivity.
      for (const page of [a, b]) {
        await page.waitForFunction(
          () => document.getElementById('status')!.textContent === 'unauthenticated:idle_timeout',
          null,
          { timeout: 5000 },
        );
      }
      expect(
        await a.evaluate(() =>
          localStorage.getItem(
            Object.keys(localStorage).find((k) => k.startsWith('sesame.user:')) ?? '',
          ),
        ),
      ).toBeNull();
      // The next sign-in asks for credentials again.
      await b.evaluate(() => {
        void window.sesame.signIn({ returnTo: '/' });
      });
      await b.waitForURL(`${idp.issuer}/**`);
      expect(await b.locator('input[name="password"]').count()).toBe(1);
    });
  }, 60_000);
});

declare global {
  interface Window {
    sesame: AuthClient;
    /** The engine's debug log in this tab (decisions and codes, never a token). */
    sesameLog: string[];
  }
}
