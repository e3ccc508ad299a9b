// Runs every benchmark in src/benchmarks (or those whose file name contains an argument) one after
// the other, so they never compete for the CPU, and prints one table per benchmark.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './benchmark.js';
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
  } catch (error) {
    failed = true;
    console.error(
      `  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}
process.exit(failed ? 1 : 0);
