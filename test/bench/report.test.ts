import assert from 'node:assert/strict';
import { meetsGoal, percentile, type Figure } from '../../bench/bench-kit.js';
import type { Machine } from '../../bench/machine.js';
import { consoleTable, resultsJson, resultsMarkdown, type Run } from '../../bench/report.js';

const MACHINE: Machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 24, os: 'Debian 12', node: 'v20.0.0', tools: { kamailio: '5.6.3' } };

function figure(key: string, value: number, extra: Partial<Figure> = {}): Figure {
  return { key, value, unit: 'ms', better: 'lower', means: `what ${key} means`, ...extra };
}

function runOf(outcomes: Run['outcomes']): Run {
  return { startedAt: new Date('2026-11-24T14:00:00Z'), machine: MACHINE, outcomes };
}

describe('benchmark report', () => {
  it('takes nearest-rank percentiles, and refuses to summarise no samples', () => {
    const samples = [9, 1, 5, 3, 7, 2, 8, 4, 10, 6];
    assert.equal(percentile(samples, 50), 5);
    assert.equal(percentile(samples, 95), 10);
    assert.equal(percentile(samples, 100), 10);
    assert.equal(percentile([42], 50), 42);
    assert.throws(() => percentile([], 50), /no samples/);
    assert.throws(() => percentile(samples, 0), /outside/);
  });

  it('judges each goal by its own operator', () => {
    assert.equal(meetsGoal(figure('a', 29.9, { goal: { op: '<', value: 30 } })), true);
    assert.equal(meetsGoal(figure('a', 30, { goal: { op: '<', value: 30 } })), false);
    assert.equal(meetsGoal(figure('a', 6, { goal: { op: '<=', value: 6 } })), true);
    assert.equal(meetsGoal(figure('a', 0.79, { goal: { op: '>=', value: 0.8 }, better: 'higher' })), false);
    assert.equal(meetsGoal(figure('baseline', 1e9)), true);
  });

  it('writes every figure once by its key, and refuses two benchmarks writing the same key', () => {
    const run = runOf([
      { name: 'one', title: 'one', seconds: 1, result: { figures: [figure('a_ms', 1.5), figure('b_ms', 2)], details: [] } },
      { name: 'two', title: 'two', seconds: 1, result: { figures: [figure('c_kb', 3, { unit: 'KB' })], details: [] } },
    ]);
    assert.deepEqual(resultsJson(run), { a_ms: 1.5, b_ms: 2, c_kb: 3 });
    const clash = runOf([
      { name: 'one', title: 'one', seconds: 1, result: { figures: [figure('a_ms', 1)], details: [] } },
      { name: 'two', title: 'two', seconds: 1, result: { figures: [figure('a_ms', 2)], details: [] } },
    ]);
    assert.throws(() => resultsJson(clash), /two benchmarks wrote the figure a_ms/);
  });

  it('shows which goals are missed, in the table and in RESULTS.md, with the machine, the meanings and how each was measured', () => {
    const run = runOf([
      {
        name: 'latency',
        title: 'click to INVITE',
        seconds: 42,
        result: {
          figures: [figure('fast_ms', 12, { goal: { op: '<', value: 30 } }), figure('slow_ms', 45, { goal: { op: '<', value: 30 } }), figure('baseline_ms', 80)],
          details: ['31 calls, the first discarded'],
        },
      },
      { name: 'broken', title: 'a benchmark that failed', seconds: 3, error: 'Kamailio did not start | port in use\n  at somewhere' },
    ]);
    const table = consoleTable(run).split('\n');
    assert.match(table.find((line) => line.startsWith('fast_ms'))!, /12 ms\s+< 30\s+yes$/);
    assert.match(table.find((line) => line.startsWith('slow_ms'))!, /45 ms\s+< 30\s+NO$/);
    assert.match(table.find((line) => line.startsWith('baseline_ms'))!, /80 ms$/);
    assert.match(table.find((line) => line.startsWith('broken'))!, /FAILED\s+Kamailio did not start/);

    const markdown = resultsMarkdown(run);
    assert.match(markdown, /^\| `fast_ms` \| 12 ms \| < 30 \| yes \|$/m);
    assert.match(markdown, /^\| `slow_ms` \| 45 ms \| < 30 \| NO \|$/m);
    assert.match(markdown, /^\| broken \| failed: Kamailio did not start \\\| port in use \| \| \|$/m);
    assert.match(markdown, /Test CPU, 2 cores, 24 GiB/);
    assert.match(markdown, /- kamailio: 5\.6\.3/);
    assert.match(markdown, /- `slow_ms`: what slow_ms means/);
    assert.match(markdown, /### latency: click to INVITE \(42 s\)\n\n- 31 calls, the first discarded/);
    assert.match(markdown, /2026-11-24 14:00 UTC/);
  });
});
