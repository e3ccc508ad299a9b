// Prints one line per group of the battery at the end of a run: `callback: cases 14, passed 14`.
// Vitest still fails the run on any failure; this only makes the outcome readable at a glance.
import { basename } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines = [...modules]
      .sort((a, b) => a.moduleId.localeCompare(b.moduleId))
      .map((module) => {
        const tests = [...module.children.allTests()];
        const passed = tests.filter((test) => test.result().state === 'passed').length;
        return `${basename(module.moduleId, '.test.ts')}: cases ${tests.length}, passed ${passed}`;
      });
    process.stdout.write(`\nSecurity battery\n${lines.map((line) => `  ${line}\n`).join('')}\n`);
  }
}
