/**
 * How fast `Store.usage` answers a year of a busy tenant, against grouping the raw call facts.
 * Run by bench/run.ts (`npm run bench -- usage-query`; `--usage-calls N` seeds fewer calls while working on it).
 *
 * Seeds a temporary SQLite store with a year (2025) of 200 agents in 10 teams, calls spread over weekday working
 * hours, straight into `call_facts` and the rollups (`usage_hourly`, `usage_daily`, `usage_tenant_hourly`) with SQL
 * (folding millions of calls through the API would take hours and measure the fold, not the query). Then times,
 * median of 5 runs after a warm-up:
 * - `usage()` for the whole year, all agents, in Europe/London (three offset segments: two DST changes);
 * - `usage()` for one team (20 agents) over the second quarter;
 * - the baseline: the same year's totals, days and agents by plain GROUP BY queries over `call_facts`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hashToken } from '../connector/src/auth/sign-in-key.js';
import { localDayStart, offsetSegments } from '../connector/src/domain/usage-time-zone.js';
import { SqliteStore } from '../connector/src/store/sqlite-store.js';
import type { OffsetSegment, UsageFilter } from '../connector/src/store/store.js';
import { round1, type BenchResult, type Benchmark } from './bench-kit.js';

const AGENTS = 200;
const TEAMS = 10;
const ZONE = 'Europe/London';

/** The usage report over a seeded year of `calls` calls, against the plain scan; 5,000,000 by default. */
export function usageQueryBenchmark(calls = 5_000_000): Benchmark {
  if (!Number.isSafeInteger(calls) || calls < AGENTS) throw new Error(`the usage benchmark needs a whole number of at least ${AGENTS} calls`);
  return { name: 'usage-query', title: `the usage report over a year of ${calls.toLocaleString('en')} calls`, run: () => measure(calls) };
}

export const benchmark = usageQueryBenchmark();

async function measure(calls: number): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'usage-bench-'));
  const file = path.join(dir, 'connector.sqlite');
  try {
    const schema = SqliteStore.open(file);
    for (let i = 0; i < AGENTS; i++) {
      await schema.createAgent({ id: agentId(i), name: `Agent ${i}`, crmUserId: null, disabled: false, team: `Team ${i % TEAMS}`, tokenHash: hashToken(`bench-${i}`) });
    }
    await schema.close();

    const seedStarted = performance.now();
    const counts = seed(file, calls);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const store = SqliteStore.open(file);
    const year = filterOf('2025-01-01', '2026-01-01', null);
    const quarter = filterOf('2025-04-01', '2025-07-01', 'Team 3');
    const yearMs = await median(async () => {
      const report = await store.usage(year.filter, year.segments);
      if (report.totals.calls !== calls) throw new Error(`usage counted ${report.totals.calls} calls, not ${calls}`);
    });
    const quarterMs = await median(() => store.usage(quarter.filter, quarter.segments));
    await store.close();

    const raw = new Database(file, { readonly: true });
    const baselineMs = await median(async () => baseline(raw, year.filter, year.segments));
    raw.close();

    const millions = calls === 5_000_000 ? '5M' : `${calls.toLocaleString('en')} (not 5M)`;
    return {
      figures: [
        {
          key: 'usage_query_ms_5m_calls',
          value: round1(yearMs),
          unit: 'ms',
          better: 'lower',
          means: `A manager opening a year of usage for all ${AGENTS} agents (${millions} calls) waits this long for the report.`,
        },
        {
          key: 'usage_query_team_quarter_ms',
          value: round1(quarterMs),
          unit: 'ms',
          better: 'lower',
          means: 'A team lead opening one team\'s quarter waits this long.',
        },
        {
          key: 'baseline_usage_scan_ms_5m_calls',
          value: round1(baselineMs),
          unit: 'ms',
          better: 'lower',
          means: 'The same year grouped straight from every call, as without the hourly and daily rollups.',
        },
      ],
      details: [
        `seeded ${counts.facts.toLocaleString('en')} calls of ${AGENTS} agents in ${TEAMS} teams into ${counts.hours.toLocaleString('en')} agent-hours in ${seedSeconds.toFixed(1)} s (${(statSync(file).size / 1e6).toFixed(0)} MB SQLite)`,
        `median of 5 runs after a warm-up; the year in ${ZONE} (three UTC-offset segments)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function agentId(i: number): string {
  return `agent-${String(i).padStart(3, '0')}`;
}

function filterOf(fromDate: string, toDateExclusive: string, team: string | null): { filter: UsageFilter; segments: OffsetSegment[] } {
  const from = localDayStart(fromDate, ZONE);
  const to = localDayStart(toDateExclusive, ZONE);
  return { filter: { from, to, agentIds: null, team }, segments: offsetSegments(from, to, ZONE) };
}

/**
 * Each agent's calls spread evenly over 260 weekdays of 2025, 08:00-18:00 UTC, in order; results, directions and
 * durations from a hash of the call number. Secondary indexes are dropped during the load and rebuilt after (sorting
 * once beats five million B-tree inserts), from their own definitions, so the schema is the store's.
 */
function seed(file: string, total: number): { facts: number; hours: number } {
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'call_facts' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  db.transaction(() => {
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
    const perAgent = Math.ceil(total / AGENTS);
    const workMs = 10 * 3_600_000;
    db.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < @total - 1),
       call AS (
         SELECT n, n / @perAgent AS agent, (n * 2654435761) % 4294967296 AS h,
                (n % @perAgent) * (260 * @workMs / @perAgent) AS slot
         FROM seq
       ),
       timed AS (
         SELECT n, agent, h,
                @yearStart + (((slot / @workMs) / 5) * 7 + (slot / @workMs) % 5) * 86400000 + 8 * 3600000 + slot % @workMs
                  + (agent * 7919) % 60000 AS started_at,
                CASE WHEN h % 100 < 60 THEN 'answered' WHEN h % 100 < 75 THEN 'no-answer' WHEN h % 100 < 83 THEN 'busy'
                     WHEN h % 100 < 88 THEN 'declined' WHEN h % 100 < 93 THEN 'cancelled' WHEN h % 100 < 97 THEN 'failed'
                     ELSE 'abandoned' END AS result
         FROM call
       ),
       measured AS (
         SELECT *, CASE WHEN result = 'answered' THEN 30 + (h / 100) % 570 ELSE 0 END AS talk,
                CASE WHEN result = 'answered' AND (h / 7) % 10 = 0 THEN (h / 11) % 120 ELSE 0 END AS hold,
                CASE WHEN result = 'answered' THEN (h / 13) % 180 ELSE 0 END AS wrap_up,
                3000 + (h / 17) % 17000 AS ring
         FROM timed
       )
       INSERT INTO call_facts (leg, call_id, agent_id, direction, from_party, to_party, record_type, record_id, started_at,
                               answered_at, ended_at, hour, talk_seconds, hold_seconds, wrap_up_seconds, handle_seconds,
                               result, end_cause, sip_status, hung_up_by, disposition, notes)
       SELECT printf('agent-%03d:call-%08d', agent, n), printf('call-%08d', n), printf('agent-%03d', agent),
              CASE WHEN (h / 3) % 10 < 6 THEN 'outbound' ELSE 'inbound' END,
              '+442079460958', '+14155552671', 'Contact', printf('C-%06d', h % 200000), started_at,
              CASE WHEN result = 'answered' THEN started_at + ring END,
              started_at + ring + (talk + hold) * 1000, started_at / 3600000, talk, hold, wrap_up,
              CASE WHEN result = 'answered' THEN talk + hold + wrap_up ELSE 0 END,
              result, CASE WHEN result = 'answered' THEN 'hangup' ELSE result END, NULL,
              CASE WHEN result = 'answered' THEN 'remote' END, NULL, NULL
       FROM measured`,
    ).run({ total: BigInt(total), perAgent: BigInt(perAgent), workMs: BigInt(workMs), yearStart: BigInt(Date.parse('2025-01-01T00:00:00Z')) });
    for (const index of indexes) db.exec(index.sql);
    db.exec(`INSERT INTO usage_hourly (agent_id, hour, calls, inbound, outbound, answered, no_answer, busy, declined, cancelled,
                                       failed, abandoned, talk_seconds, hold_seconds, handle_seconds)
             SELECT agent_id, hour, COUNT(*), SUM(direction IS 'inbound'), SUM(direction IS 'outbound'), SUM(result IS 'answered'),
                    SUM(result IS 'no-answer'), SUM(result IS 'busy'), SUM(result IS 'declined'), SUM(result IS 'cancelled'),
                    SUM(result IS 'failed'), SUM(result IS 'abandoned'), SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)
             FROM call_facts GROUP BY agent_id, hour`);
    db.exec(`INSERT INTO usage_daily (agent_id, day, calls, inbound, outbound, answered, no_answer, busy, declined, cancelled,
                                      failed, abandoned, talk_seconds, hold_seconds, handle_seconds)
             SELECT agent_id, hour / 24, SUM(calls), SUM(inbound), SUM(outbound), SUM(answered), SUM(no_answer), SUM(busy),
                    SUM(declined), SUM(cancelled), SUM(failed), SUM(abandoned), SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)
             FROM usage_hourly GROUP BY agent_id, hour / 24`);
    db.exec(`INSERT INTO usage_tenant_hourly (hour, calls, inbound, outbound, answered, no_answer, busy, declined, cancelled,
                                              failed, abandoned, talk_seconds, hold_seconds, handle_seconds)
             SELECT hour, SUM(calls), SUM(inbound), SUM(outbound), SUM(answered), SUM(no_answer), SUM(busy),
                    SUM(declined), SUM(cancelled), SUM(failed), SUM(abandoned), SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)
             FROM usage_hourly GROUP BY hour`);
  })();
  db.pragma('journal_mode = WAL');
  const facts = (db.prepare('SELECT COUNT(*) AS n FROM call_facts').get() as { n: number }).n;
  const hours = (db.prepare('SELECT COUNT(*) AS n FROM usage_hourly').get() as { n: number }).n;
  db.close();
  return { facts, hours };
}

/** The year's totals, local days and agents grouped straight from the facts, per offset segment, as without a rollup. */
function baseline(db: Database.Database, filter: UsageFilter, segments: readonly OffsetSegment[]): void {
  const sums = `COUNT(*), SUM(direction IS 'inbound'), SUM(direction IS 'outbound'), SUM(result IS 'answered'), SUM(result IS 'no-answer'),
                SUM(result IS 'busy'), SUM(result IS 'declined'), SUM(result IS 'cancelled'), SUM(result IS 'failed'),
                SUM(result IS 'abandoned'), SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)`;
  const totals = db.prepare(`SELECT ${sums} FROM call_facts WHERE started_at >= ? AND started_at < ?`).raw(true);
  const byDay = db.prepare(`SELECT (started_at + ?) / 86400000 AS day, ${sums} FROM call_facts WHERE started_at >= ? AND started_at < ? GROUP BY day`).raw(true);
  const byAgent = db.prepare(`SELECT agent_id, ${sums} FROM call_facts WHERE started_at >= ? AND started_at < ? GROUP BY agent_id`).raw(true);
  for (const segment of segments) {
    const from = Math.max(filter.from, segment.from);
    const to = Math.min(filter.to, segment.to);
    totals.all(from, to);
    byDay.all(BigInt(segment.offsetMs), from, to);
    byAgent.all(from, to);
  }
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

