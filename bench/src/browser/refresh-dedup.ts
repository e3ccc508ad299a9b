// The refresh-dedup bursts in Debian's Chromium: one page per library (apps/browser-realm), each
// burst in a fresh browser context after a real sign-in through the IdP's pages, so Sesame runs
// with the browser's own Web Locks, BroadcastChannel, storage and CORS.
import { DASHBOARD_CLIENT_ID, DEFAULT_DASHBOARD_SCOPE, start as startIdp } from '@sesame/idp';
import type { DedupRow } from '../realm/refresh-dedup.js';
import { completeIdpSignIn, launchChromium } from './chromium.js';
import { buildAndServePages } from './pages.js';

const PAGES = { sesame: 'refresh-sesame', 'oidc-client-ts': 'refresh-oidc-client-ts' } as const;

export async function refreshDedupInChromium(ks: readonly number[]): Promise<DedupRow[]> {
  const pages = await buildAndServePages('browser-realm', Object.values(PAGES));
  const idp = await startIdp({
    port: 0,
    accessTokenTtl: 300,
    dashboardRedirectUris: Object.values(PAGES).map((page) => `${pages.origin}/${page}.html`),
  });
  const browser = await launchChromium();
  const errors = () =>
    Object.values(idp.counters().tokenErrors).reduce((sum, count) => sum + count, 0);
  const rows: DedupRow[] = [];
  try {
    for (const library of ['sesame', 'oidc-client-ts'] as const) {
      for (const k of ks) {
        const context = await browser.newContext();
        try {
          await context.addInitScript(
            (config) => {
              window.__REALM__ = config;
            },
            { issuer: idp.issuer, clientId: DASHBOARD_CLIENT_ID, scope: DEFAULT_DASHBOARD_SCOPE },
          );
          const page = await context.newPage();
          await page.goto(`${pages.origin}/${PAGES[library]}.html`);
          await page.waitForSelector('#status.signed-out');
          // signIn() navigates away, which ends the evaluation: that is expected.
          await page.evaluate(() => window.__PAGE__?.signIn()).catch(() => undefined);
          await completeIdpSignIn(page, '#status.signed-in');
          idp.resetCounters();
          const { rejected } = await page.evaluate((count) => window.__PAGE__!.burst(count), k);
          const tokenCalls = idp.counters().tokenRequests.refresh_token;
          const failedCalls = errors();
          const survived = await page.evaluate(() => window.__PAGE__!.survives());
          rows.push({
            realm: 'chromium',
            library,
            k,
            tokenCalls,
            failedCalls,
            rejectedCallers: rejected,
            survived,
          });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await idp.stop();
    await pages.stop();
  }
  return rows;
}
