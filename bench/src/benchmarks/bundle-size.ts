import type { Benchmark, SummaryRow } from '../benchmark.js';
import { ratio } from '../benchmark.js';
import { APPS, BASELINE, OIDC_CLIENT_FULL_FLOOR, SESAME } from '../bundle/apps.js';
import { ownCode, readBudget } from '../bundle/budget.js';
import { buildApp, type AppWeight } from '../bundle/build.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

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
    const fullFloorAdded = weights.get(OIDC_CLIENT_FULL_FLOOR.entry)!.gzip - baseline.gzip;
    const peerAdded = weights.get('react-oidc-context.tsx')!.gzip - baseline.gzip;
    const summary: SummaryRow[] = [
      {
        measure:
          'bundle: Sesame own code (core+react+query+router) over oidc-client-ts OidcClient, gzip',
        sesame: kb(own.full.gzip),
        reference: `floor adds ${kb(fullFloorAdded)} to React`,
        ratio: `+${((own.full.gzip / fullFloorAdded) * 100).toFixed(0)}%`,
        target: `≤ ${kb(budget.targetGzip)}`,
        met: own.full.gzip <= budget.targetGzip,
      },
      {
        measure: 'bundle: Sesame core+react added vs react-oidc-context added, gzip',
        sesame: kb(sesameAdded),
        reference: kb(peerAdded),
        ratio: ratio(sesameAdded, peerAdded),
        target: '—',
        met: undefined,
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
        `Sesame's own code (budgeted) = Sesame core+react+query+router app - OidcClient app with the same react-query and react-router use: ${own.full.gzip} B gzip, ${own.full.brotli} B brotli (target ${budget.targetGzip} B gzip; CI limit ${budget.limitGzip} B).`,
        `Core + react alone: ${own.coreReact.gzip} B gzip over the OidcClient app; ${own.coreReactOverUserManager.gzip} B over the UserManager app (Sesame never bundles UserManager, so that floor flatters it; the budget uses OidcClient).`,
        'oidc-spa is built without its Vite plugin; @auth0/auth0-react includes @auth0/auth0-spa-js (its own protocol code, no oidc-client-ts).',
      ],
    };
  },
};

export default benchmark;
