/**
 * `npm run bench`: runs every benchmark, one after another (they share two cores, so never side by side), prints a
 * table, and writes bench/results.json and bench/RESULTS.md.
 *
 *   npm run bench                            all of them, and the two files
 *   npm run bench -- ingest memory           just these, printed only (the files always hold one whole run)
 *   npm run bench -- --usage-calls 200000    the usage benchmark on a smaller seeded year, printed only
 *   npm run bench -- --list                  their names
 *
 * A benchmark that fails is reported and the others still run; the run then exits 1 and writes nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Benchmark } from './bench-kit.js';
import { describeMachine } from './machine.js';
import { consoleTable, resultsJson, resultsMarkdown, type BenchOutcome } from './report.js';

const BENCHMARKS: readonly { readonly name: string; readonly load: () => Promise<Benchmark> }[] = [
  { name: 'widget-size', load: async () => (await import('./widget-size.js')).benchmark },
  { name: 'click-to-call', load: async () => (await import('./click-to-call.js')).benchmark },
  { name: 'ingest', load: async () => (await import('./ingest.js')).benchmark },
  { name: 'crm-logging', load: async () => (await import('./crm-logging.js')).benchmark },
  { name: 'memory', load: async () => (await import('./memory.js')).benchmark },
  { name: 'usage-query', load: async () => (await import('./usage-query.js')).benchmark },
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { list: { type: 'boolean', default: false }, 'usage-calls': { type: 'string' } },
});

if (values.list) {
  console.log(BENCHMARKS.map((entry) => entry.name).join('\n'));
} else {
  process.exitCode = await runBenchmarks(positionals, values['usage-calls']);
}

async function runBenchmarks(names: readonly string[], usageCalls: string | undefined): Promise<number> {
  const unknown = names.filter((name) => !BENCHMARKS.some((entry) => entry.name === name));
  if (unknown.length > 0) {
    console.error(`no benchmark called ${unknown.join(', ')}; there are: ${BENCHMARKS.map((entry) => entry.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((entry) => names.includes(entry.name));
  const whole = chosen.length === BENCHMARKS.length && usageCalls === undefined;
  const startedAt = new Date();
  const outcomes: BenchOutcome[] = [];
  for (const entry of chosen) {
    const benchmark = entry.name === 'usage-query' && usageCalls !== undefined ? await smallerUsage(usageCalls) : await entry.load();
    console.log(`\n== ${benchmark.name}: ${benchmark.title}`);
    const started = performance.now();
    try {
      const result = await benchmark.run();
      const seconds = (performance.now() - started) / 1000;
      outcomes.push({ name: benchmark.name, title: benchmark.title, seconds, result });
      for (const detail of result.details) console.log(`   ${detail}`);
      for (const figure of result.figures) console.log(`   ${figure.key} = ${figure.value} ${figure.unit}`);
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      outcomes.push({ name: benchmark.name, title: benchmark.title, seconds, error: message });
      console.error(`   FAILED after ${seconds.toFixed(0)} s: ${message}`);
    }
  }
  const run = { startedAt, machine: describeMachine(), outcomes };
  console.log(`\n${consoleTable(run)}\n`);
  const failed = outcomes.filter((outcome) => 'error' in outcome);
  if (failed.length > 0) {
    console.error(`${failed.length} benchmark(s) failed: ${failed.map((outcome) => outcome.name).join(', ')}; bench/results.json and RESULTS.md are unchanged`);
    return 1;
  }
  if (!whole) {
    console.log('a partial run: bench/results.json and RESULTS.md are unchanged (they always hold one whole run)');
    return 0;
  }
  writeFileSync(path.join(import.meta.dirname, 'results.json'), `${JSON.stringify(resultsJson(run), null, 2)}\n`);
  writeFileSync(path.join(import.meta.dirname, 'RESULTS.md'), resultsMarkdown(run));
  console.log('wrote bench/results.json and bench/RESULTS.md');
  return 0;
}

async function smallerUsage(calls: string): Promise<Benchmark> {
  return (await import('./usage-query.js')).usageQueryBenchmark(Number(calls));
}
