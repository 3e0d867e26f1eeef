import type Database from 'better-sqlite3';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import { usageFilterSql } from './sqlite-usage-filter.js';
import type { OffsetSegment, UsageFilter, UsageReport } from './store.js';
import { USAGE_COLUMNS } from './usage-columns.js';
import { usageReads, type UsageRead } from './usage-reads.js';
import { UsageTally } from './usage-tally.js';

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

/**
 * Usage reports from the rollups kept by `SqliteCallFactTable`, and the `dial_refusals` they count refusals from:
 * the reads `usageReads` plans, one statement each, summed by `UsageTally`. Synchronous, so a report is read from one
 * state of the rollups (no fold commits between its statements on the one connection).
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
    const where = usageFilterSql(filter);
    const tally = new UsageTally();
    for (const read of usageReads(filter, segments)) tally.add(read, this.read(read, where));
    return tally.report(this.refusals(filter));
  }

  private read(read: UsageRead, where: ReturnType<typeof usageFilterSql>): unknown[][] {
    switch (read.kind) {
      case 'localDays':
      case 'localHours': {
        const hourly = where.sql === '' ? 'usage_tenant_hourly' : 'usage_hourly';
        const local = read.kind === 'localDays' ? LOCAL_DAY : LOCAL_HOUR;
        return this.rows(`SELECT ${local} AS local, ${SUMS} FROM ${hourly} WHERE ${IN_HOURS}${where.sql} GROUP BY local`, { ...where.params, ...hours(read) });
      }
      case 'edgeHours':
        return this.rows(
          `SELECT agent_id, ${LOCAL_DAY} AS local_day, ${SUMS} FROM usage_hourly WHERE ${IN_HOURS}${where.sql} GROUP BY agent_id, local_day`,
          { ...where.params, ...hours(read) },
        );
      case 'agentTotals':
        return this.rows(`SELECT agent_id, ${SUMS} FROM usage_daily WHERE ${inDays(read.toDay - read.fromDay)}${where.sql} GROUP BY agent_id`, {
          ...where.params,
          fromDay: read.fromDay,
          toDay: read.toDay,
        });
      case 'agentDays':
        return this.rows(`SELECT agent_id, day, calls, answered, talk_seconds FROM usage_daily WHERE ${inDays(read.toDay - read.fromDay)}${where.sql}`, {
          ...where.params,
          fromDay: read.fromDay,
          toDay: read.toDay,
        });
      case 'movedHours':
        // One range of the hour index per UTC day: only the moved hours' rows are read. (Left to itself, with an agent
        // filter SQLite reads each agent's every hour once per day.)
        return this.rows(
          `WITH RECURSIVE utc_days (utc_day) AS (SELECT @fromDay UNION ALL SELECT utc_day + 1 FROM utc_days WHERE utc_day + 1 < @toDay)
           SELECT agent_id, utc_day, ${LOCAL_DAY} AS local_day, SUM(calls), SUM(answered), SUM(talk_seconds)
           FROM utc_days JOIN usage_hourly INDEXED BY usage_hourly_by_hour
             ON hour >= utc_day * 24 + @movedFrom AND hour < utc_day * 24 + @movedTo
           WHERE 1${where.sql} GROUP BY agent_id, utc_day, local_day`,
          { ...where.params, offsetMs: BigInt(read.offsetMs), fromDay: read.fromDay, toDay: read.toDay, movedFrom: read.movedFrom, movedTo: read.movedTo },
        );
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

function hours(read: { fromHour: number; toHour: number; offsetMs: number }): Record<string, number | bigint> {
  return { fromHour: read.fromHour, toHour: read.toHour, offsetMs: BigInt(read.offsetMs) };
}
