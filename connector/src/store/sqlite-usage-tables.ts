import type Database from 'better-sqlite3';
import { dayString } from '../domain/usage-time-zone.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import { USAGE_COLUMNS } from './sqlite-usage-columns.js';
import { usageFilterSql } from './sqlite-usage-filter.js';
import type { OffsetSegment, UsageCounts, UsageFilter, UsageReport } from './store.js';
import { byCodeUnits, zeroCounts, type MutableUsageCounts } from './usage-counts.js';
import { dayShift, splitHours } from './usage-hour-split.js';

const HOUR_MS = 3_600_000;
type Counts = MutableUsageCounts;
/** What `byAgentDay` holds of an agent's day. */
interface DayCounts {
  calls: number;
  answered: number;
  talkSeconds: number;
}

/** Where `byAgentDay`'s counts sit in a row of sums (in {@link USAGE_COLUMNS} order). */
const CALLS = USAGE_COLUMNS.findIndex(([field]) => field === 'calls');
const ANSWERED = USAGE_COLUMNS.findIndex(([field]) => field === 'answered');
const TALK = USAGE_COLUMNS.findIndex(([field]) => field === 'talkSeconds');

const SUMS = USAGE_COLUMNS.map(([, column]) => `SUM(${column})`).join(', ');
/** The local day number of a rollup row's hour at the segment's offset (bound as an integer: SQL division truncates). */
const LOCAL_DAY = '(hour * 3600000 + @offsetMs) / 86400000';
const LOCAL_HOUR = '((hour * 3600000 + @offsetMs) % 86400000) / 3600000';
const IN_HOURS = 'hour >= @fromHour AND hour < @toHour';
/**
 * SQLite keeps no statistics on how many rows a range holds. Over a long range, reading the daily rollup in key
 * order (agent, day) beats seeking its day index row by row (and groups by agent without sorting): `+day` makes the
 * index unusable for the range, so SQLite scans.
 */
const LONG_RANGE_DAYS = 92;
const inDays = (days: number) => (days > LONG_RANGE_DAYS ? '+day >= @fromDay AND +day < @toDay' : 'day >= @fromDay AND day < @toDay');

/** The sums of one report as it is built, keyed by local day number, local hour, agent, agent then local day. */
interface Tally {
  readonly days: Map<number, Counts>;
  readonly hours: Map<number, Counts>;
  readonly agents: Map<string, Counts>;
  readonly agentDays: Map<string, Map<number, DayCounts>>;
}

/**
 * Usage reports from the rollups kept by `SqliteCallFactTable`, and the `dial_refusals` they count refusals from.
 *
 * Per offset segment, the fewest rows that answer: days and hours from the per-hour rollup over all agents (or, with
 * a filter, per agent); agents from the daily rollup over the whole UTC days in range, plus the hourly rollup for the
 * hours at the edges; each agent's local days likewise, moving from the daily rows the hours a local day takes from
 * a neighbouring UTC day (none in UTC, one hour a day in London in summer). A year of 200 agents so reads some
 * 50 000 daily rows instead of half a million hourly ones. A local day cut by a DST change spans two segments;
 * merging by day joins its halves.
 */
export class SqliteUsageTables {
  private readonly statement: LazyStatements;

  constructor(db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  recordRefusal(args: { agentId: string; at: number; code: string }): void {
    this.statement('INSERT INTO dial_refusals (agent_id, at, code) VALUES (@agentId, @at, @code)').run(args);
  }

  usage(filter: UsageFilter, segments: readonly OffsetSegment[]): UsageReport {
    const tally: Tally = { days: new Map(), hours: new Map(), agents: new Map(), agentDays: new Map() };
    for (const segment of segments) {
      const fromHour = Math.ceil(Math.max(filter.from, segment.from) / HOUR_MS);
      const toHour = Math.ceil(Math.min(filter.to, segment.to) / HOUR_MS);
      if (fromHour < toHour) this.tallySegment(tally, filter, fromHour, toHour, segment.offsetMs);
    }
    return { ...report(tally), refusals: this.refusals(filter) };
  }

  private tallySegment(tally: Tally, filter: UsageFilter, fromHour: number, toHour: number, offsetMs: number): void {
    const where = usageFilterSql(filter);
    const offset = { ...where.params, offsetMs: BigInt(Math.round(offsetMs)) };
    const hourly = where.sql === '' ? 'usage_tenant_hourly' : 'usage_hourly';
    const inHours = { ...offset, fromHour, toHour };
    for (const [day, ...sums] of this.rows(`SELECT ${LOCAL_DAY} AS local_day, ${SUMS} FROM ${hourly} WHERE ${IN_HOURS}${where.sql} GROUP BY local_day`, inHours)) {
      add(entry(tally.days, day as number), sums as number[]);
    }
    for (const [hour, ...sums] of this.rows(`SELECT ${LOCAL_HOUR} AS local_hour, ${SUMS} FROM ${hourly} WHERE ${IN_HOURS}${where.sql} GROUP BY local_hour`, inHours)) {
      add(entry(tally.hours, hour as number), sums as number[]);
    }

    const { days, edges } = splitHours(fromHour, toHour);
    for (const edge of edges) {
      const rows = this.rows(
        `SELECT agent_id, ${LOCAL_DAY} AS local_day, ${SUMS} FROM usage_hourly WHERE ${IN_HOURS}${where.sql} GROUP BY agent_id, local_day`,
        { ...offset, fromHour: edge.from, toHour: edge.to },
      );
      for (const [agentId, day, ...sums] of rows) {
        add(entry(tally.agents, agentId as string), sums as number[]);
        addDay(tally, agentId as string, day as number, sums[CALLS] as number, sums[ANSWERED] as number, sums[TALK] as number);
      }
    }
    if (!days) return;
    const daysParams = { ...where.params, fromDay: days.from, toDay: days.to };
    const daysSql = inDays(days.to - days.from);
    for (const [agentId, ...sums] of this.rows(`SELECT agent_id, ${SUMS} FROM usage_daily WHERE ${daysSql}${where.sql} GROUP BY agent_id`, daysParams)) {
      add(entry(tally.agents, agentId as string), sums as number[]);
    }
    const { shift, moved } = dayShift(offsetMs);
    for (const [agentId, day, calls, answered, talkSeconds] of this.rows(`SELECT agent_id, day, calls, answered, talk_seconds FROM usage_daily WHERE ${daysSql}${where.sql}`, daysParams)) {
      addDay(tally, agentId as string, (day as number) + shift, calls as number, answered as number, talkSeconds as number);
    }
    if (!moved) return;
    // The moved hours of each UTC day, one range of the hour index per day: only those hours' rows are read. (Left to
    // itself, with an agent filter SQLite reads each agent's every hour once per day.)
    const movedRows = this.rows(
      `WITH RECURSIVE utc_days (utc_day) AS (SELECT @fromDay UNION ALL SELECT utc_day + 1 FROM utc_days WHERE utc_day + 1 < @toDay)
       SELECT agent_id, utc_day, ${LOCAL_DAY} AS local_day, SUM(calls), SUM(answered), SUM(talk_seconds)
       FROM utc_days JOIN usage_hourly INDEXED BY usage_hourly_by_hour
         ON hour >= utc_day * 24 + @movedFrom AND hour < utc_day * 24 + @movedTo
       WHERE 1${where.sql} GROUP BY agent_id, utc_day, local_day`,
      { ...offset, fromDay: days.from, toDay: days.to, movedFrom: moved.from, movedTo: moved.to },
    );
    for (const [agentId, utcDay, localDay, calls, answered, talkSeconds] of movedRows) {
      addDay(tally, agentId as string, (utcDay as number) + shift, -(calls as number), -(answered as number), -(talkSeconds as number));
      addDay(tally, agentId as string, localDay as number, calls as number, answered as number, talkSeconds as number);
    }
  }

  private rows(sql: string, params: Record<string, unknown>): unknown[][] {
    return this.statement(sql).raw(true).all(params) as unknown[][];
  }

  private refusals(filter: UsageFilter): UsageReport['refusals'] {
    const where = usageFilterSql(filter);
    return this.statement(
      `SELECT code, COUNT(*) AS count FROM dial_refusals WHERE at >= @from AND at < @to${where.sql}
       GROUP BY code ORDER BY count DESC, code`,
    ).all({ ...where.params, from: filter.from, to: filter.to }) as { code: string; count: number }[];
  }
}

function report(tally: Tally): Omit<UsageReport, 'refusals'> {
  const names = new Map<number, string>();
  const dayName = (day: number) => names.get(day) ?? names.set(day, dayString(day)).get(day)!;
  const totals = zeroCounts();
  for (const counts of tally.days.values()) merge(totals, counts);
  const byAgent: (UsageCounts & { agentId: string; activeDays: number })[] = [];
  const byAgentDay: UsageReport['byAgentDay'][number][] = [];
  for (const agentId of [...tally.agents.keys()].sort(byCodeUnits)) {
    const days = [...(tally.agentDays.get(agentId) ?? new Map<number, DayCounts>())].filter(([, day]) => day.calls > 0).sort(([a], [b]) => a - b);
    for (const [day, counts] of days) byAgentDay.push({ agentId, day: dayName(day), ...counts });
    byAgent.push({ ...(tally.agents.get(agentId) ?? zeroCounts()), agentId, activeDays: days.length });
  }
  return {
    totals,
    byDay: [...tally.days].sort(([a], [b]) => a - b).map(([day, counts]) => ({ ...counts, day: dayName(day) })),
    byHour: [...tally.hours].sort(([a], [b]) => a - b).map(([hour, counts]) => ({ ...counts, hour })),
    byAgent: byAgent.filter((agent) => agent.calls > 0),
    byAgentDay,
  };
}

function entry<K>(map: Map<K, Counts>, key: K): Counts {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = zeroCounts()));
  return counts;
}

/** Adds one row of sums, in {@link USAGE_COLUMNS} order. */
function add(counts: Counts, sums: readonly number[]): void {
  USAGE_COLUMNS.forEach(([field], index) => {
    counts[field] += sums[index] ?? 0;
  });
}


/** Adds counts (negative: takes them away) to an agent's local day. */
function addDay(tally: Tally, agentId: string, day: number, calls: number, answered: number, talkSeconds: number): void {
  let days = tally.agentDays.get(agentId);
  if (!days) tally.agentDays.set(agentId, (days = new Map()));
  const held = days.get(day);
  if (held) {
    held.calls += calls;
    held.answered += answered;
    held.talkSeconds += talkSeconds;
  } else {
    days.set(day, { calls, answered, talkSeconds });
  }
}

function merge(into: Counts, counts: UsageCounts): void {
  for (const [field] of USAGE_COLUMNS) into[field] += counts[field];
}

