/** One benchmark: the runner imports every file in `src/benchmarks` and runs its default export. */
export interface Benchmark {
  readonly name: string;
  /** One sentence: what is measured, against what. */
  readonly description: string;
  run(): Promise<BenchReport>;
}

/** What a benchmark prints: a table of figures and notes (settings, ratios, caveats). */
export interface BenchReport {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly notes: readonly string[];
}
