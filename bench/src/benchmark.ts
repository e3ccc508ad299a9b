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
  /** Its headline figures, which the runner gathers into one table at the end. */
  readonly summary?: readonly SummaryRow[];
}

/** One headline figure: Sesame against its reference (a floor or a peer), and the target. */
export interface SummaryRow {
  readonly measure: string;
  readonly sesame: string;
  readonly reference: string;
  /** Sesame / reference, or a difference where a ratio means nothing (e.g. 0 calls). */
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** `a / b` with two decimals and an ×, or `n/a` when b is 0. */
export function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
}
