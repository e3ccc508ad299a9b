import { start as startBankApi } from '@sesame/bank-api';
import { start as startInvestApi } from '@sesame/invest-api';
import { createBff, toNodeHandler, type NodeHandler } from '@sesame/bff';
import {
  BANK_API_AUDIENCE,
  BFF_CLIENT_ID,
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_SCOPE,
  generateBffClientKeys,
  INVEST_API_AUDIENCE,
  start as startIdp,
} from '@sesame/idp';
import { obtainTokens, refreshTokens } from '@sesame/idp/testing';
import type { Page } from 'playwright-core';
import type { Benchmark } from '../benchmark.js';
import { ratio } from '../benchmark.js';
import { completeIdpSignIn, JANE, launchChromium } from '../browser/chromium.js';
import { buildAndServePages } from '../browser/pages.js';

const RUNS = Number(process.env.BENCH_TTD_RUNS ?? 25);
/** The target for both Sesame pages: median time to data over the floor's. */
const TARGET = 1.2;
const WARMUP = 2;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => Number(value.toFixed(1));

/** Navigates and returns ms from navigation start to the first balance painted. */
async function timeToData(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const handle = await page.waitForFunction(
    () => window.__BALANCE_PAINTED__ ?? (document.getElementById('error')?.textContent || null),
    undefined,
    { timeout: 15_000 },
  );
  const value = await handle.jsonValue();
  if (typeof value !== 'number') throw new Error(`${url}: ${String(value)}`);
  return value;
}

/** Where the BFF-mode client keeps the tab's last /session answer (core's bff-session-cache.ts). */
const BFF_SESSION_KEY = 'sesame.session:bff:/bff';

/** The BFF page's state when its client was made (module load): what kind of load a run was. */
async function bffStart(page: Page): Promise<unknown> {
  return page.evaluate(() => window.__BFF_START__);
}

/** The setup run: one real sign-in through the IdP pages, leaving the session in storage. */
async function signIn(page: Page, url: string) {
  await page.goto(url);
  await page.click('#sign-in');
  await completeIdpSignIn(page, '#balance');
}

const benchmark: Benchmark = {
  name: 'time-to-data',
  description:
    'Chromium: navigation → first account balance painted, with a valid session (in storage, or a BFF session cookie), for minimal Sesame pages in browser mode and BFF mode vs a page that already holds a token (the floor)',
  async run() {
    // The BFF is mounted on the pages' own origin (as BFF mode requires); it is made once the IdP,
    // which must know its callback URL (on that origin) first, is up.
    const mounted: { bff?: NodeHandler } = {};
    const pages = await buildAndServePages(
      'time-to-data',
      ['sesame', 'floor', 'bff', 'two-apis', 'floor-two-apis'],
      {
        mount: (req, res, next) => (mounted.bff ? mounted.bff(req, res, next) : next()),
      },
    );
    const bffKeys = await generateBffClientKeys();
    const idp = await startIdp({
      port: 0,
      accessTokenTtl: 3600,
      dashboardRedirectUris: [`${pages.origin}/sesame.html`, `${pages.origin}/two-apis.html`],
      dashboardPostLogoutRedirectUris: [`${pages.origin}/sesame.html`],
      bff: {
        publicJwks: bffKeys.publicJwks,
        redirectUris: [`${pages.origin}/bff/callback`],
        postLogoutRedirectUris: [`${pages.origin}/`],
      },
    });
    const api = await startBankApi({ port: 0, issuer: idp.issuer, allowedOrigins: [pages.origin] });
    // The second API of the two-API pages: its own audience, so its own token (issue 21).
    const invest = await startInvestApi({
      port: 0,
      issuer: idp.issuer,
      allowedOrigins: [pages.origin],
    });
    mounted.bff = toNodeHandler(
      createBff({
        issuer: idp.issuer,
        clientId: BFF_CLIENT_ID,
        clientPrivateKey: bffKeys.privateJwk,
        redirectUri: `${pages.origin}/bff/callback`,
        scope: DEFAULT_DASHBOARD_SCOPE,
        resource: BANK_API_AUDIENCE,
        allowedOrigins: [pages.origin],
        apis: { bank: { url: api.url } },
        // Plain HTTP on the loopback: cookies without Secure, an IdP and API over http.
        insecureDevCookies: true,
        allowInsecureRequests: true,
      }),
    );
    const browser = await launchChromium();
    try {
      const { access_token: token } = await obtainTokens({
        issuer: idp.issuer,
        user: JANE,
        redirectUri: `${pages.origin}/sesame.html`,
      });
      const settings = {
        issuer: idp.issuer,
        apiUrl: api.url,
        clientId: DASHBOARD_CLIENT_ID,
        scope: DEFAULT_DASHBOARD_SCOPE,
      };
      // The two-API floor's tokens: the bank's from a sign-in naming both APIs, the investments
      // API's from the refresh grant with its resource.
      const twoApiTokens = await obtainTokens({
        issuer: idp.issuer,
        user: JANE,
        redirectUri: `${pages.origin}/sesame.html`,
        scope: `${DEFAULT_DASHBOARD_SCOPE} portfolio:read`,
      });
      const investToken = (
        await refreshTokens({
          issuer: idp.issuer,
          refreshToken: twoApiTokens.refresh_token ?? '',
          resource: INVEST_API_AUDIENCE,
        })
      ).access_token;
      const twoSettings = { ...settings, investApiUrl: invest.url };
      const context = await browser.newContext();
      const sesamePage = await context.newPage();
      const floorPage = await context.newPage();
      const bffPage = await context.newPage();
      // The first load of a tab: the same page, cookie and session, without a kept /session answer
      // (removed before the page's scripts run on every navigation), as in a new tab.
      const bffFirstPage = await context.newPage();
      await bffFirstPage.addInitScript((key) => sessionStorage.removeItem(key), BFF_SESSION_KEY);
      const twoPage = await context.newPage();
      const floorTwoPage = await context.newPage();
      await twoPage.addInitScript((config) => {
        window.__BENCH__ = config;
      }, twoSettings);
      await floorTwoPage.addInitScript(
        (config) => {
          window.__BENCH__ = config;
        },
        { ...twoSettings, token: twoApiTokens.access_token, investToken },
      );
      await sesamePage.addInitScript((config) => {
        window.__BENCH__ = config;
      }, settings);
      await floorPage.addInitScript(
        (config) => {
          window.__BENCH__ = config;
        },
        { ...settings, token },
      );
      const idpOrigin = new URL(idp.issuer).origin;
      let idpRequests = 0;
      let floorIdpRequests = 0;
      let bffIdpRequests = 0;
      let twoIdpRequests = 0;
      twoPage.on('request', (request) => {
        if (request.url().startsWith(idpOrigin)) twoIdpRequests += 1;
      });
      sesamePage.on('request', (request) => {
        if (request.url().startsWith(idpOrigin)) idpRequests += 1;
      });
      floorPage.on('request', (request) => {
        if (request.url().startsWith(idpOrigin)) floorIdpRequests += 1;
      });
      for (const page of [bffPage, bffFirstPage]) {
        page.on('request', (request) => {
          if (request.url().startsWith(idpOrigin)) bffIdpRequests += 1;
        });
      }

      await signIn(sesamePage, `${pages.origin}/sesame.html`);
      // BFF mode: /bff/login, the IdP's pages, /bff/callback sets the session cookie, back here.
      await signIn(bffPage, `${pages.origin}/bff.html`);
      // Two APIs: the sign-in gives the bank token; the first page's call to the investments API
      // gets its token (refresh grant with its resource) before '#balance' shows. Both are stored.
      await signIn(twoPage, `${pages.origin}/two-apis.html`);
      const sesameUrl = `${pages.origin}/sesame.html`;
      const floorUrl = `${pages.origin}/floor.html`;
      const bffUrl = `${pages.origin}/bff.html`;
      const twoUrl = `${pages.origin}/two-apis.html`;
      const floorTwoUrl = `${pages.origin}/floor-two-apis.html`;
      for (let i = 0; i < WARMUP; i += 1) {
        await timeToData(twoPage, twoUrl);
        await timeToData(floorTwoPage, floorTwoUrl);
        await timeToData(sesamePage, sesameUrl);
        await timeToData(floorPage, floorUrl);
        await timeToData(bffPage, bffUrl);
        await timeToData(bffFirstPage, bffUrl);
      }
      idpRequests = 0;
      floorIdpRequests = 0;
      bffIdpRequests = 0;
      twoIdpRequests = 0;
      idp.resetCounters();
      const sesame: number[] = [];
      const floor: number[] = [];
      const bff: number[] = [];
      const bffFirst: number[] = [];
      const two: number[] = [];
      const floorTwo: number[] = [];
      // Each BFF run is checked to be the kind of load it is counted as.
      const wrongStarts: string[] = [];
      // Alternate, so drift on a shared machine hits every page alike.
      for (let i = 0; i < RUNS; i += 1) {
        sesame.push(await timeToData(sesamePage, sesameUrl));
        floor.push(await timeToData(floorPage, floorUrl));
        bff.push(await timeToData(bffPage, bffUrl));
        const reloadStart = await bffStart(bffPage);
        if (reloadStart !== 'authenticated') wrongStarts.push(`reload: ${String(reloadStart)}`);
        bffFirst.push(await timeToData(bffFirstPage, bffUrl));
        const firstStart = await bffStart(bffFirstPage);
        if (firstStart !== 'loading') wrongStarts.push(`first load: ${String(firstStart)}`);
        two.push(await timeToData(twoPage, twoUrl));
        floorTwo.push(await timeToData(floorTwoPage, floorTwoUrl));
      }
      if (wrongStarts.length) {
        throw new Error(`BFF page runs of the wrong kind: ${wrongStarts.join(', ')}`);
      }
      const counters = idp.counters();
      const idpCalls =
        Object.values(counters.tokenRequests).reduce((sum, count) => sum + count, 0) +
        counters.authorizations;
      const sesameMedian = median(sesame);
      const floorMedian = median(floor);
      const bffMedian = median(bff);
      const bffFirstMedian = median(bffFirst);
      const within = sesameMedian <= floorMedian * TARGET;
      const twoMedian = median(two);
      const floorTwoMedian = median(floorTwo);
      return {
        columns: ['page', 'median ms', 'min ms', 'max ms', 'runs', 'requests to the IdP'],
        rows: [
          [
            'Sesame (AuthProvider + client.fetch)',
            ms(sesameMedian),
            ms(Math.min(...sesame)),
            ms(Math.max(...sesame)),
            RUNS,
            idpRequests,
          ],
          [
            'Sesame BFF mode, reload (kept /session answer: /bff/api at once)',
            ms(bffMedian),
            ms(Math.min(...bff)),
            ms(Math.max(...bff)),
            RUNS,
            bffIdpRequests,
          ],
          [
            'Sesame BFF mode, first load (/bff/session, then /bff/api)',
            ms(bffFirstMedian),
            ms(Math.min(...bffFirst)),
            ms(Math.max(...bffFirst)),
            RUNS,
            bffIdpRequests,
          ],
          [
            'Sesame, two APIs (apis(): each its token from storage, both calls at once)',
            ms(twoMedian),
            ms(Math.min(...two)),
            ms(Math.max(...two)),
            RUNS,
            twoIdpRequests,
          ],
          [
            'floor, two APIs (both tokens in hand, both calls at once)',
            ms(floorTwoMedian),
            ms(Math.min(...floorTwo)),
            ms(Math.max(...floorTwo)),
            RUNS,
            0,
          ],
          [
            'floor (token in hand, plain fetch)',
            ms(floorMedian),
            ms(Math.min(...floor)),
            ms(Math.max(...floor)),
            RUNS,
            floorIdpRequests,
          ],
        ],
        summary: [
          {
            measure:
              'time to data: navigation → balance painted, median (reference: token in hand)',
            sesame: `${ms(sesameMedian)} ms, ${idpRequests} IdP requests`,
            reference: `${ms(floorMedian)} ms`,
            ratio: ratio(sesameMedian, floorMedian),
            target: `≤ ${TARGET}×, 0 IdP requests`,
            met: within && idpRequests === 0,
          },
          {
            measure:
              'time to data, BFF mode, reload: /bff/api with /bff/session alongside, median (reference: token in hand)',
            sesame: `${ms(bffMedian)} ms, ${bffIdpRequests} IdP requests`,
            reference: `${ms(floorMedian)} ms`,
            ratio: ratio(bffMedian, floorMedian),
            target: `≤ ${TARGET}×, 0 IdP requests`,
            // The IdP's own count covers the BFF's server-side calls (a refresh would show there).
            met: bffMedian <= floorMedian * TARGET && bffIdpRequests === 0 && idpCalls === 0,
          },
          {
            measure:
              'time to data, two APIs (apis()): both answers painted, median (reference: both tokens in hand)',
            sesame: `${ms(twoMedian)} ms, ${twoIdpRequests} IdP requests`,
            reference: `${ms(floorTwoMedian)} ms`,
            ratio: ratio(twoMedian, floorTwoMedian),
            target: `≤ ${TARGET}×, 0 IdP requests`,
            met: twoMedian <= floorTwoMedian * TARGET && twoIdpRequests === 0,
          },
          {
            measure:
              "time to data, BFF mode, a tab's first load: /bff/session, then /bff/api, median (reference: token in hand)",
            sesame: `${ms(bffFirstMedian)} ms`,
            reference: `${ms(floorMedian)} ms`,
            ratio: ratio(bffFirstMedian, floorMedian),
            // The floor is a reload with a token in hand; browser mode's first load in a new tab
            // needs the IdP (a silent sign-in), so neither is this row's kind of load.
            target: 'for information',
            met: undefined,
          },
        ],
        notes: [
          `Debian Chromium (headless) via playwright-core; pages built with Vite 8 (production, minified), each on its own as its app would be, and served from 127.0.0.1 with no-store; ${RUNS} runs each after ${WARMUP} warm-ups, alternating pages.`,
          'Sesame page: the session comes from one real sign-in through the IdP pages before timing (sessionStorage, same tab); each run is a fresh navigation. Floor page: the same React view and GET /accounts with an access token injected before load.',
          "BFF-mode pages: the same React view with createBffClient, served from the BFF's origin (@sesame/bff mounted in the pages' server, in-memory store); the session cookie comes from one real sign-in (the BFF's PAR + private_key_jwt, the IdP pages) before timing. GET /bff/session (CSRF header, cookie) leaves as the client is made; GET /bff/api/bank/accounts goes through the BFF to the bank API with the DPoP-bound token and a fresh proof. Reload (the kind of load the floor and browser-mode rows are): the tab kept its last /session answer (sessionStorage), so the page starts authenticated and the API call leaves at once, its answer handed over once /session has confirmed. First load: that answer removed before each navigation (a new tab), so /bff/api waits for /bff/session. Every run is checked to have started as its row says. The floor's request is cross-origin with a token; the BFF page's are same-origin, with one more hop.",
          `"Painted" is performance.now() in a task queued from the animation frame after React commits the balance (ms since navigation start). IdP requests seen by the browser during the timed runs: Sesame ${idpRequests}, BFF mode ${bffIdpRequests}; token/authorize calls counted by the IdP (the browser's and the BFF's): ${idpCalls}. BFF mode / floor: reload ${ratio(bffMedian, floorMedian)}, first load ${ratio(bffFirstMedian, floorMedian)}; BFF mode reload / Sesame browser mode: ${ratio(bffMedian, sesameMedian)}.`,
        ],
      };
    } finally {
      await browser.close();
      await invest.stop();
      await api.stop();
      await idp.stop();
      await pages.stop();
    }
  },
};

export default benchmark;
