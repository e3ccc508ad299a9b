import { randomBytes } from 'node:crypto';
import { test, expect } from '../fixtures/test';
import { sessionCookie } from '../fixtures/bff-helpers';
import {
  countByKind,
  harvestPage,
  installFetchRecorder,
  issuedTokensIn,
  jwtsIn,
  recordTokensIssuedToServer,
  type Harvest,
  type IssuedTokens,
} from '../fixtures/token-harvest';

// The injected-script test (issue 19): a script running in the page, as an XSS payload would,
// looks everywhere a script of the page's origin can (Web Storage, every IndexedDB database and
// store, Cache Storage, document.cookie, the window's globals, React's state and props, every
// answer the app's own fetches got, /bff/session and the API through /bff/api asked as the app
// asks them, the HTML, the URLs loaded) for a JWT of any kind and for the exact tokens the IdP
// issued in the test. BFF mode: none. Browser mode (injected-script-browser-mode.spec.ts, the
// same script; a file of its own since the stack option starts a worker per file): the access,
// refresh and ID tokens.
test.use({ stackOptions: { bff: true } });

const CHECKING = 'account-acc_jane_checking';
/** What the script asks the BFF for, with the CSRF header, as the app does. */
const PROBES = ['/bff/session', '/bff/api/bank/accounts', '/bff/api/bank/me'];

const textSeen = (harvest: Harvest, needle: string) =>
  harvest.strings.filter(({ text }) => text.includes(needle)).flatMap(({ where }) => where);

test.describe('BFF mode: a script in the page finds no token', () => {
  test('signed in, after API calls and a refresh: no JWT and none of the issued access, refresh or ID tokens anywhere the script looks; not the session cookie either', async ({
    page,
    context,
    stack,
    signIn,
  }) => {
    // The BFF runs in this process: its token endpoint answers are read on their way to it.
    const toBff = recordTokensIssuedToServer(stack.idp.issuer);
    try {
      await installFetchRecorder(context);
      await signIn('jane.doe');
      await expect(page.getByTestId(CHECKING)).toBeVisible();
      await page.getByTestId(CHECKING).click();
      await expect(page.locator('.transaction').first()).toBeVisible();

      // The script's own API call meets a rejected token: the BFF refreshes on the way.
      stack.idp.resetCounters();
      stack.api.faults.set({ rejectNextValidTokens: 1 });
      const harvest = await harvestPage(page, PROBES);
      expect(stack.idp.counters().tokenRequests.refresh_token).toBe(1);

      // The tokens that exist: the sign-in's and the refresh's.
      const issued = toBff.issued;
      const counts = countByKind(issued);
      expect(counts.access_token).toBe(2);
      expect(counts.refresh_token).toBeGreaterThanOrEqual(1);
      expect(counts.id_token).toBeGreaterThanOrEqual(1);

      // The script did reach everything: the BFF answered it, the walks found the app's data.
      expect(harvest.probes).toEqual(PROBES.map((path) => ({ path, status: 200 })));
      expect(harvest.places).toEqual(
        expect.arrayContaining([
          'localStorage',
          'sessionStorage',
          'document.cookie',
          'window',
          'react __reactContainer',
          'fetch answers seen by a wrapper',
          'html',
        ]),
      );
      expect(harvest.objectsVisited).toBeGreaterThan(1000);
      expect(textSeen(harvest, '"sub":"usr_jane_doe"')).toContain('fetch GET /bff/session body');
      const ibanSeen = textSeen(harvest, 'acc_jane_checking');
      expect(ibanSeen).toContain('fetch GET /bff/api/bank/accounts body');
      expect(ibanSeen.some((where) => where.startsWith('react'))).toBe(true);
      expect(ibanSeen.some((where) => where.startsWith('fetch answers seen by a wrapper'))).toBe(
        true,
      );

      expect(jwtsIn(harvest)).toEqual([]);
      expect(issuedTokensIn(harvest, issued)).toEqual([]);
      // The session cookie is HttpOnly: the script cannot read its value either.
      const cookie = (await sessionCookie(context))!;
      expect(cookie.httpOnly).toBe(true);
      expect(textSeen(harvest, cookie.value)).toEqual([]);
    } finally {
      toBff.restore();
    }
  });

  test('the script works: a JWT and an opaque token planted in each place it looks are found there', async ({
    page,
    context,
    stack,
  }) => {
    const planted: IssuedTokens = new Map();
    /** A JWT-shaped and an opaque canary for `place`, joined by "~" (in neither alphabet). */
    const canary = (place: string) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const jwt = `${part({ alg: 'ES256', typ: 'JWT' })}.${part({ place })}.${randomBytes(16).toString('base64url')}`;
      const opaque = `opaque-${place}-${randomBytes(24).toString('base64url')}`;
      planted.set(opaque, 'refresh_token');
      return { jwt, opaque, both: `${jwt}~${opaque}` };
    };
    const c = {
      local: canary('local'),
      session: canary('session'),
      idb: canary('idb'),
      cache: canary('cache'),
      cookie: canary('cookie'),
      global: canary('global'),
      html: canary('html'),
      claims: canary('claims'),
      api: canary('api'),
    };
    // The BFF's answers carry canaries: its session (the name claim, which the app keeps in
    // React's state and shows) and the API.
    const now = Date.now();
    await context.route(`${stack.dashboard.url}/bff/session`, (route) =>
      route.fulfill({
        json: {
          user: { sub: 'usr_canary', claims: { sub: 'usr_canary', name: c.claims.both } },
          scopes: ['openid', 'accounts:read'],
          accessTokenExpiresAt: now + 300_000,
          sessionExpiresAt: now + 3_600_000,
          idleExpiresAt: now + 1_800_000,
        },
      }),
    );
    await context.route(`${stack.dashboard.url}/bff/api/**`, (route) =>
      route.fulfill({ json: { items: [], note: c.api.both } }),
    );
    await installFetchRecorder(context);
    await page.goto('/profile');
    await expect(page.getByTestId('session-indicator')).toContainText(c.claims.opaque);
    await page.evaluate(async (c) => {
      localStorage.setItem('e2e', c.local.both);
      sessionStorage.setItem('e2e', c.session.both);
      document.cookie = `e2e=${c.cookie.both}; path=/`;
      (window as unknown as Record<string, unknown>).e2eCanary = {
        nested: { token: c.global.both },
      };
      document.body.dataset.e2e = c.html.both;
      const open = indexedDB.open('e2e-canary', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('secrets');
      const db = await new Promise<IDBDatabase>(
        (resolve) => (open.onsuccess = () => resolve(open.result)),
      );
      const tx = db.transaction('secrets', 'readwrite');
      tx.objectStore('secrets').put({ deep: [{ token: c.idb.both }] }, 'k');
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
      await (await caches.open('e2e')).put('/e2e-canary', new Response(c.cache.both));
    }, c);

    const harvest = await harvestPage(page, PROBES);
    const expected: [string, keyof typeof c][] = [
      ['localStorage[e2e]', 'local'],
      ['sessionStorage[e2e]', 'session'],
      ['indexedDB e2e-canary/secrets', 'idb'],
      ['caches e2e', 'cache'],
      ['document.cookie', 'cookie'],
      ['window.e2eCanary', 'global'],
      ['html', 'html'],
      ['react', 'claims'],
      ['fetch answers seen by a wrapper', 'claims'],
      ['fetch GET /bff/session body', 'claims'],
      ['fetch GET /bff/api/bank/accounts body', 'api'],
    ];
    const jwts = jwtsIn(harvest);
    const exact = issuedTokensIn(harvest, planted);
    for (const [place, name] of expected) {
      const jwtWhere = jwts.filter(({ jwt }) => jwt === c[name].jwt).flatMap(({ where }) => where);
      expect(
        jwtWhere.some((where) => where.startsWith(place)),
        `JWT in ${place}`,
      ).toBe(true);
      const opaqueWhere = textSeen(harvest, c[name].opaque);
      expect(
        opaqueWhere.some((where) => where.startsWith(place)),
        `token in ${place}`,
      ).toBe(true);
    }
    expect(exact).toHaveLength(Object.keys(c).length);
    expect(jwts.every(({ header }) => header.alg === 'ES256')).toBe(true);
  });
});
