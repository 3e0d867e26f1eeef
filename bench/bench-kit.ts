/**
 * What every benchmark hands the runner (bench/run.ts): figures with their unit, which way is better, the product's
 * goal where it has one, and one line on what the figure means for a user. The runner prints them, writes
 * bench/results.json (key -> number) and bench/RESULTS.md.
 */

export type Unit = 'ms' | 'events/s' | 'ratio' | 'requests' | 'KB' | 'MB';

export interface Goal {
  readonly op: '<' | '<=' | '>=';
  readonly value: number;
}

export interface Figure {
  /** The key in bench/results.json, e.g. `click_to_invite_ms_p50`. */
  readonly key: string;
  readonly value: number;
  readonly unit: Unit;
  /** `higher` for throughput; everything else is better lower. */
  readonly better: 'lower' | 'higher';
  /** The product's goal for this figure; none for a baseline. */
  readonly goal?: Goal;
  /** One sentence for RESULTS.md: what this figure means for an agent, an admin or the CRM org. */
  readonly means: string;
}

export interface BenchResult {
  readonly figures: readonly Figure[];
  /** How it was measured in this run (samples, settings, counts): printed and kept in RESULTS.md. */
  readonly details: readonly string[];
}

export interface Benchmark {
  /** Short name, used on the command line: `npm run bench -- <name>`. */
  readonly name: string;
  /** One line on what it measures. */
  readonly title: string;
  run(): Promise<BenchResult>;
}

/** Nearest-rank percentile (p in 0..100) of samples; throws on none, so a benchmark that measured nothing fails. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples to take a percentile of');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is outside (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

/** Rounds to one decimal, as figures are shown and stored. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Whether a figure meets its goal (true when it has none). */
export function meetsGoal(figure: Figure): boolean {
  const goal = figure.goal;
  if (!goal) return true;
  if (goal.op === '<') return figure.value < goal.value;
  if (goal.op === '<=') return figure.value <= goal.value;
  return figure.value >= goal.value;
}
