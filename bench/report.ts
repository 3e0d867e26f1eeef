import { meetsGoal, type BenchResult, type Figure, type Goal } from './bench-kit.js';
import type { Machine } from './machine.js';

/** One benchmark's outcome in a run: its figures, or why it could not measure them. */
export type BenchOutcome =
  | { readonly name: string; readonly title: string; readonly seconds: number; readonly result: BenchResult }
  | { readonly name: string; readonly title: string; readonly seconds: number; readonly error: string };

export interface Run {
  readonly startedAt: Date;
  readonly machine: Machine;
  readonly outcomes: readonly BenchOutcome[];
}

/** bench/results.json: every figure by its key, numbers only, in the order measured. */
export function resultsJson(run: Run): Record<string, number> {
  const json: Record<string, number> = {};
  for (const figure of figuresOf(run)) {
    if (figure.key in json) throw new Error(`two benchmarks wrote the figure ${figure.key}`);
    json[figure.key] = figure.value;
  }
  return json;
}

/** The table printed at the end of a run, plain text with aligned columns. */
export function consoleTable(run: Run): string {
  const rows = figuresOf(run).map((figure) => [figure.key, `${figure.value} ${figure.unit}`, goalText(figure.goal), verdict(figure)]);
  const failed = run.outcomes.flatMap((outcome) => ('error' in outcome ? [[outcome.name, 'FAILED', '', outcome.error.split('\n')[0]!]] : []));
  const all = [['figure', 'value', 'goal', ''], ...rows, ...failed];
  const widths = [0, 1, 2].map((column) => Math.max(...all.map((row) => row[column]!.length)));
  return all.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd()).join('\n');
}

/** bench/RESULTS.md: the table, the machine, what each figure means, and how each benchmark measured it. */
export function resultsMarkdown(run: Run): string {
  const { machine } = run;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${run.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; every baseline was measured in the same run, on the same machine, as the figure it is compared with.`,
    '',
    '| Figure | Value | Goal | Met |',
    '|---|---:|---|---|',
    ...figuresOf(run).map((figure) => `| \`${figure.key}\` | ${figure.value} ${figure.unit} | ${goalText(figure.goal)} | ${verdict(figure)} |`),
    ...run.outcomes.flatMap((outcome) => ('error' in outcome ? [`| ${outcome.name} | failed: ${escapeCell(outcome.error.split('\n')[0]!)} | | |`] : [])),
    '',
    '## Machine',
    '',
    `- ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB`,
    `- ${machine.os}, Node ${machine.node}`,
    ...Object.entries(machine.tools).map(([tool, version]) => `- ${tool}: ${version}`),
    '',
    '## What each figure means',
    '',
    ...figuresOf(run).map((figure) => `- \`${figure.key}\`: ${figure.means}`),
    '',
    '## How it was measured',
    '',
  ];
  for (const outcome of run.outcomes) {
    lines.push(`### ${outcome.name}: ${outcome.title} (${Math.round(outcome.seconds)} s)`, '');
    if ('error' in outcome) lines.push(`Failed: ${outcome.error}`, '');
    else lines.push(...outcome.result.details.map((detail) => `- ${detail}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function figuresOf(run: Run): Figure[] {
  return run.outcomes.flatMap((outcome) => ('result' in outcome ? outcome.result.figures : []));
}

function goalText(goal: Goal | undefined): string {
  return goal ? `${goal.op} ${goal.value}` : '';
}

function verdict(figure: Figure): string {
  if (!figure.goal) return '';
  return meetsGoal(figure) ? 'yes' : 'NO';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
