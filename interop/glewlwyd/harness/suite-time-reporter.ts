// Prints one line at the end: how long the interop suite took and how it went (CI keeps a budget).
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SuiteTimeReporter implements Reporter {
  readonly #outcomes = new Map<string, number>();

  onTestEnd(test: TestCase, result: TestResult) {
    // Retries replace earlier outcomes: count each test once, by its final outcome.
    if (result.retry === test.retries || result.status === test.expectedStatus) {
      const outcome = test.outcome();
      this.#outcomes.set(outcome, (this.#outcomes.get(outcome) ?? 0) + 1);
    }
  }

  onEnd(result: FullResult) {
    const counts = [...this.#outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
    console.log(
      `Glewlwyd interop suite: ${result.status} in ${(result.duration / 1000).toFixed(1)} s (${counts || 'no tests'})`,
    );
  }
}
