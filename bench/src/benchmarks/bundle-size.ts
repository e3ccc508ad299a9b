import type { Benchmark, SummaryRow } from '../benchmark.js';
import { ratio } from '../benchmark.js';
import { APPS, BASELINE, SESAME } from '../bundle/apps.js';
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
    const overFloor = own.overOidcClient.gzip;
    const summary: SummaryRow[] = [
      {
        measure: 'bundle: Sesame own code over oidc-client-ts OidcClient (gzip)',
        sesame: kb(overFloor),
        reference: `floor ${kb(own.oidcClientFloor.gzip - baseline.gzip)} over React`,
        ratio: `+${((overFloor / (own.oidcClientFloor.gzip - baseline.gzip)) * 100).toFixed(0)}%`,
        target: `≤ ${kb(budget.targetGzip)}`,
        met: overFloor <= budget.targetGzip,
      },
      {
        measure: 'bundle: Sesame added vs react-oidc-context added (gzip)',
        sesame: kb(sesameAdded),
        reference: kb(weights.get('react-oidc-context.tsx')!.gzip - baseline.gzip),
        ratio: ratio(sesameAdded, weights.get('react-oidc-context.tsx')!.gzip - baseline.gzip),
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
        `Sesame's own code = Sesame app - OidcClient app: ${own.overOidcClient.gzip} B gzip, ${own.overOidcClient.brotli} B brotli (target ${budget.targetGzip} B gzip; CI limit ${budget.limitGzip} B).`,
        `Against the UserManager app instead: ${own.overUserManager.gzip} B gzip, ${own.overUserManager.brotli} B brotli (Sesame does not bundle UserManager, so this floor flatters it; the budget uses OidcClient).`,
        'oidc-spa is built without its Vite plugin; @auth0/auth0-react includes @auth0/auth0-spa-js (its own protocol code, no oidc-client-ts).',
      ],
    };
  },
};

export default benchmark;
