// Prints one line at the end: how long the interop suite took and how it went (CI keeps a budget).
import type { FullResult, Reporter, TestCase } from '@playwright/test/reporter';

export default class SuiteTimeReporter implements Reporter {
  #tests: TestCase[] = [];

  onTestEnd(test: TestCase) {
    if (!this.#tests.includes(test)) this.#tests.push(test);
  }

  onEnd(result: FullResult) {
    const count = (keep: (test: TestCase) => boolean) => this.#tests.filter(keep).length;
    const parts = [
      `${count((test) => test.outcome() === 'expected' && test.expectedStatus === 'passed')} passed`,
      `${count((test) => test.outcome() === 'expected' && test.expectedStatus === 'failed')} known failures (test.fail)`,
      `${count((test) => test.outcome() === 'unexpected')} failed`,
      `${count((test) => test.outcome() === 'flaky')} flaky`,
      `${count((test) => test.outcome() === 'skipped')} skipped`,
    ];
    const skipReasons = new Set(
      this.#tests.flatMap((test) =>
        test.annotations.filter((note) => note.type === 'skip').map((note) => note.description),
      ),
    );
    for (const reason of skipReasons) console.log(`Glewlwyd interop suite skipped: ${reason}`);
    console.log(
      `Glewlwyd interop suite: ${result.status} in ${(result.duration / 1000).toFixed(1)} s (${parts.join(', ')})`,
    );
  }
}
