// `pnpm bench:budget`: builds the Sesame and floor bundle apps and exits 1 when Sesame's own code
// (gzip, over oidc-client-ts's OidcClient) is over the CI limit in bench/size-budget.json.
// `--breakdown` also prints the minified bytes of each Sesame source module.
import { sesameBreakdown } from './bundle/breakdown.js';
import { judge, measureOwnCode, readBudget } from './bundle/budget.js';
import { formatTable } from './table.js';

const budget = readBudget();
const own = await measureOwnCode();
const gzip = own.full.gzip;
const verdict = judge(gzip, budget);
console.log(
  `Sesame own code (core + react + react-query + react-router) over the OidcClient app with the same react-query and react-router use: ${gzip} B gzip, ${own.full.brotli} B brotli`,
);
console.log(
  `  core + react alone over OidcClient: ${own.coreReact.gzip} B gzip; over UserManager instead: ${own.coreReactOverUserManager.gzip} B gzip`,
);
console.log(
  `  target ${budget.targetGzip} B: ${verdict.targetMet ? 'met' : `missed by ${verdict.overTarget} B`}`,
);
if (process.argv.includes('--breakdown')) {
  const modules = await sesameBreakdown();
  const total = modules.reduce((sum, entry) => sum + entry.minified, 0);
  console.log('\nSesame source modules, minified bytes (esbuild metafile):\n');
  console.log(
    formatTable(
      ['module', 'min bytes', 'share'],
      [
        ...modules.map((entry) => [
          entry.module,
          entry.minified,
          `${((entry.minified / total) * 100).toFixed(1)}%`,
        ]),
        ['total', total, '100%'],
      ],
    ),
  );
}
if (!verdict.withinLimit) {
  console.error(`  OVER the CI limit of ${budget.limitGzip} B by ${verdict.overLimit} B`);
  process.exit(1);
}
console.log(`  within the CI limit of ${budget.limitGzip} B`);
