import type { Benchmark, SummaryRow } from '../benchmark.js';
import { ratio } from '../benchmark.js';
import {
  APPS,
  BASELINE,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_BFF,
  SESAME_BFF_FULL,
  SESAME_FULL,
  USER_MANAGER_FULL_FLOOR,
  type BundleApp,
} from '../bundle/apps.js';
import { ownCode, readBudget, type Bytes } from '../bundle/budget.js';
import { buildApp, type AppWeight } from '../bundle/build.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** A string of oidc-client-ts's module-level code (its Log), in any bundle that holds any of it. */
const OIDC_CLIENT_TS_MARKER = 'Invalid log level';

const benchmark: Benchmark = {
  name: 'bundle-size',
  description:
    'JS bytes a minimal React 19 app (provider, hook read, sign-in button) gains from each library, over a React-only baseline; same Vite 8 production build for all',
  async run() {
    const weights = new Map<string, AppWeight>();
    for (const app of APPS) weights.set(app.entry, await buildApp(app.entry));
    const baseline = weights.get(BASELINE.entry)!;
    const sesameAdded = weights.get(SESAME.entry)!.gzip - baseline.gzip;
    const rows = APPS.map((app) => {
      const weight = weights.get(app.entry)!;
      const addedGzip = weight.gzip - baseline.gzip;
      return [
        app.label,
        weight.chunks,
        weight.minified,
        weight.gzip,
        weight.brotli,
        app === BASELINE ? 0 : addedGzip,
        app === BASELINE ? 0 : weight.brotli - baseline.brotli,
        app === BASELINE ? '' : ratio(addedGzip, sesameAdded),
      ];
    });
    const own = ownCode(weights);
    const budget = readBudget();
    const addedToReact = (app: BundleApp) => weights.get(app.entry)!.gzip - baseline.gzip;
    const overFloor = (bytes: Bytes, floor: BundleApp) => ({
      sesame: `${kb(bytes.gzip)} gzip, ${kb(bytes.brotli)} br`,
      reference: `floor adds ${kb(addedToReact(floor))} gzip to React`,
      ratio: `+${((bytes.gzip / addedToReact(floor)) * 100).toFixed(0)}%`,
    });
    const peerAdded = weights.get('react-oidc-context.tsx')!.gzip - baseline.gzip;
    const bff = weights.get(SESAME_BFF.entry)!;
    const bffAdded = bff.gzip - baseline.gzip;
    const bffFull = weights.get(SESAME_BFF_FULL.entry)!;
    const oidcClientTsInBff =
      bff.includes(OIDC_CLIENT_TS_MARKER) || bffFull.includes(OIDC_CLIENT_TS_MARKER);
    const summary: SummaryRow[] = [
      {
        measure:
          "bundle: Sesame core+react+query+router over oidc-client-ts alone (UserManager; issue's floor)",
        ...overFloor(own.fullOverUserManager, USER_MANAGER_FULL_FLOOR),
        target: `≤ ${kb(budget.targetGzip)} gzip`,
        met: own.fullOverUserManager.gzip <= budget.targetGzip,
      },
      {
        measure:
          'bundle: Sesame core+react+query+router over OidcClient layer only (stricter floor)',
        ...overFloor(own.fullOverOidcClient, OIDC_CLIENT_FULL_FLOOR),
        target: 'report',
        met: undefined,
      },
      {
        measure: 'bundle: Sesame core+react added vs react-oidc-context added, gzip',
        sesame: kb(sesameAdded),
        reference: kb(peerAdded),
        ratio: ratio(sesameAdded, peerAdded),
        target: '—',
        met: undefined,
      },
      {
        // Issue 19: the same apps with createBffClient; oidc-client-ts must not be in them.
        measure:
          'bundle, BFF mode: app added to React, gzip (reference: browser mode; full: + query + router)',
        sesame: `${kb(bffAdded)} (full ${kb(addedToReact(SESAME_BFF_FULL))})${oidcClientTsInBff ? ', holds oidc-client-ts code' : ''}`,
        reference: `${kb(sesameAdded)} (full ${kb(addedToReact(SESAME_FULL))})`,
        ratio: `${ratio(bffAdded, sesameAdded)} (full ${ratio(addedToReact(SESAME_BFF_FULL), addedToReact(SESAME_FULL))})`,
        target: 'no oidc-client-ts code',
        met: !oidcClientTsInBff,
      },
    ];
    return {
      columns: [
        'app',
        'chunks',
        'min bytes',
        'gzip',
        'brotli',
        '+gzip vs React',
        '+brotli vs React',
        'added ÷ Sesame added',
      ],
      rows,
      summary,
      notes: [
        'Vite 8 (Rolldown) production build, minified, target es2022, NODE_ENV=production; every emitted JS chunk (lazy ones too) compressed on its own: gzip -9, brotli q11.',
        `Sesame's own code = Sesame core+react+query+router app - a floor app with the same react-query and react-router use. Over oidc-client-ts alone (UserManager app, the issue's floor): ${own.fullOverUserManager.gzip} B gzip, ${own.fullOverUserManager.brotli} B brotli (issue target ${budget.targetGzip} B gzip). Over the OidcClient protocol layer (stricter: Sesame never bundles UserManager): ${own.fullOverOidcClient.gzip} B gzip, ${own.fullOverOidcClient.brotli} B brotli (CI limit ${budget.limitGzip} B gzip).`,
        `Core + react alone: ${own.coreReact.gzip} B gzip over the OidcClient app; ${own.coreReactOverUserManager.gzip} B over the UserManager app.`,
        `BFF mode (@sesame/core/bff + react): adds ${kb(bff.gzip - baseline.gzip)} gzip to React, browser mode ${kb(sesameAdded)}; oidc-client-ts code ${bff.includes(OIDC_CLIENT_TS_MARKER) ? "IS in it (@sesame/react's <AuthProvider> can make a browser-mode client from `settings`, so it imports createAuthClient)" : 'is not in it'}.`,
        'oidc-spa is built without its Vite plugin; @auth0/auth0-react includes @auth0/auth0-spa-js (its own protocol code, no oidc-client-ts).',
      ],
    };
  },
};

export default benchmark;
