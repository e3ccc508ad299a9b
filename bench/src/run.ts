// Runs every benchmark in src/benchmarks (or those whose file name contains an argument) one after
// the other, so they never compete for the CPU, prints one table per benchmark, then one summary
// table of the headline figures with the date and the machine.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, SummaryRow } from './benchmark.js';
import { formatTable } from './table.js';

const directory = fileURLToPath(new URL('./benchmarks/', import.meta.url));
const filters = process.argv.slice(2).filter((arg) => arg !== '--');
const files = (await readdir(directory))
  .filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.d.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}`);
  process.exit(1);
}

async function machine(): Promise<string> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown CPU';
  const cores = cpuinfo.match(/^processor\s*:/gm)?.length ?? 0;
  return `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${model} (${cores} cores)`;
}

const started = performance.now();
const summary: SummaryRow[] = [];
let failed = false;
for (const file of files) {
  const module = (await import(pathToFileURL(`${directory}${file}`).href)) as {
    default: Benchmark;
  };
  const benchmark = module.default;
  console.log(`\n== ${benchmark.name}: ${benchmark.description}\n`);
  try {
    const report = await benchmark.run();
    console.log(formatTable(report.columns, report.rows));
    for (const note of report.notes) console.log(`  ${note}`);
    summary.push(...(report.summary ?? []));
  } catch (error) {
    failed = true;
    console.error(
      `  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

if (summary.length > 0) {
  console.log(`\n== summary (${await machine()})\n`);
  console.log(
    formatTable(
      ['measure', 'Sesame', 'reference', 'ratio', 'target', 'met'],
      summary.map((row) => [
        row.measure,
        row.sesame,
        row.reference,
        row.ratio,
        row.target,
        row.met === undefined ? '—' : row.met ? 'yes' : 'NO',
      ]),
    ),
  );
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s in all`);
process.exit(failed ? 1 : 0);
