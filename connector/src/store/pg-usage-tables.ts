import type { FactCursor } from './call-fact-cursor.js';
import { PgCallFactPages } from './pg-call-fact-pages.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { PgParams } from './pg-params.js';
import { pgUsageFilter } from './pg-usage-filter.js';
import type { CallFact, OffsetSegment, UsageFilter, UsageReport } from './store.js';
import { USAGE_COLUMNS } from './usage-columns.js';
import { usageReads, type UsageRead } from './usage-reads.js';
import { UsageTally } from './usage-tally.js';

/** Each counter summed, named after its column so every column of a row has its own name (rows are read in order). */
const SUMS = USAGE_COLUMNS.map(([, column]) => `SUM(${column})::bigint AS ${column}`).join(', ');

/**
 * Usage reports from the rollups kept by `PgCallFactTable`, the `dial_refusals` they count refusals from, and the
 * pages of the calls export. A report is the reads `usageReads` plans, one statement each, summed by `UsageTally`
 * (as the SQLite store does), all in one REPEATABLE READ transaction: one snapshot, so a fold committed meanwhile by
 * any instance shows in the whole report or not at all.
 */
export class PgUsageTables {
  private readonly pages: PgCallFactPages;

  constructor(private readonly db: PgDatabase) {
    this.pages = new PgCallFactPages(db);
  }

  async recordRefusal(args: { agentId: string; at: number; code: string }): Promise<void> {
    await this.db.query('INSERT INTO dial_refusals (agent_id, at, code) VALUES ($1, $2, $3)', [args.agentId, args.at, args.code]);
  }

  usage(filter: UsageFilter, segments: readonly OffsetSegment[]): Promise<UsageReport> {
    return this.db.transaction(
      async (tx) => {
        const tally = new UsageTally();
        for (const read of usageReads(filter, segments)) tally.add(read, await this.read(tx, read, filter));
        return tally.report(await this.refusals(tx, filter));
      },
      { isolation: 'repeatable read' },
    );
  }

  callFacts(filter: UsageFilter, args: { limit: number; after?: FactCursor }): Promise<CallFact[]> {
    return this.pages.page(filter, args);
  }

  /** The rows of one read, each as its values in column order. */
  private async read(tx: PgQueryable, read: UsageRead, filter: UsageFilter): Promise<unknown[][]> {
    const params = new PgParams();
    const where = pgUsageFilter(filter, params);
    const localDay = (offsetMs: number) => `(hour * 3600000 + ${params.add(offsetMs)}::bigint) / 86400000`;
    const inHours = (from: number, to: number) => `hour >= ${params.add(from)}::bigint AND hour < ${params.add(to)}::bigint`;
    const inDays = (from: number, to: number) => `day >= ${params.add(from)}::bigint AND day < ${params.add(to)}::bigint`;
    let sql: string;
    switch (read.kind) {
      case 'localDays':
      case 'localHours': {
        const hourly = filter.agentIds === null && filter.team === null ? 'usage_tenant_hourly' : 'usage_hourly';
        const local = read.kind === 'localDays' ? localDay(read.offsetMs) : `((hour * 3600000 + ${params.add(read.offsetMs)}::bigint) % 86400000) / 3600000`;
        sql = `SELECT ${local} AS local, ${SUMS} FROM ${hourly} WHERE ${inHours(read.fromHour, read.toHour)}${where} GROUP BY 1`;
        break;
      }
      case 'edgeHours':
        sql = `SELECT agent_id, ${localDay(read.offsetMs)} AS local_day, ${SUMS} FROM usage_hourly
               WHERE ${inHours(read.fromHour, read.toHour)}${where} GROUP BY 1, 2`;
        break;
      case 'agentTotals':
        sql = `SELECT agent_id, ${SUMS} FROM usage_daily WHERE ${inDays(read.fromDay, read.toDay)}${where} GROUP BY 1`;
        break;
      case 'agentDays':
        sql = `SELECT agent_id, day, calls, answered, talk_seconds FROM usage_daily WHERE ${inDays(read.fromDay, read.toDay)}${where}`;
        break;
      case 'movedHours': {
        // One range of the hour index per UTC day: only the moved hours' rows are read.
        const from = params.add(read.fromDay);
        const to = params.add(read.toDay);
        const movedFrom = params.add(read.movedFrom);
        const movedTo = params.add(read.movedTo);
        sql = `SELECT agent_id, utc_day, ${localDay(read.offsetMs)} AS local_day,
                      SUM(calls)::bigint AS calls, SUM(answered)::bigint AS answered, SUM(talk_seconds)::bigint AS talk_seconds
               FROM generate_series(${from}::bigint, ${to}::bigint - 1) AS utc_day
               JOIN usage_hourly ON hour >= utc_day * 24 + ${movedFrom}::bigint AND hour < utc_day * 24 + ${movedTo}::bigint
               WHERE TRUE${where} GROUP BY 1, 2, 3`;
        break;
      }
    }
    const { rows } = await tx.query<Record<string, unknown>>(sql, params.values);
    return rows.map((row) => Object.values(row));
  }

  private async refusals(tx: PgQueryable, filter: UsageFilter): Promise<UsageReport['refusals']> {
    const params = new PgParams();
    const range = `at >= ${params.add(filter.from)} AND at < ${params.add(filter.to)}`;
    const where = pgUsageFilter(filter, params);
    const { rows } = await tx.query<{ code: string; count: number }>(
      `SELECT code, COUNT(*)::integer AS count FROM dial_refusals WHERE ${range}${where}
       GROUP BY code ORDER BY 2 DESC, code COLLATE "C"`,
      params.values,
    );
    return rows;
  }
}
