import type Database from 'better-sqlite3';
import type { CallRecord } from '../domain/call-record.js';
import { callFactFromRecord } from './call-fact-from-record.js';
import { FACT_COLUMNS, FACT_FIELDS, toRolledUpFact, type FactRow } from './call-fact-row.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import { contribution, rollupChanges, type RollupChange, type RollupTable } from './usage-contribution.js';
import { USAGE_COLUMNS } from './usage-columns.js';

const UPSERT_FACT = `INSERT INTO call_facts (${FACT_COLUMNS})
  VALUES (${FACT_FIELDS.map(([, field]) => `@${field}`).join(', ')})
  ON CONFLICT (leg) DO UPDATE SET ${FACT_FIELDS.filter(([column]) => column !== 'leg')
    .map(([column]) => `${column} = excluded.${column}`)
    .join(', ')}`;

const COUNTERS = USAGE_COLUMNS.map(([, column]) => column).join(', ');
const VALUES = USAGE_COLUMNS.map(([field]) => `@${field}`).join(', ');
const ADDED = USAGE_COLUMNS.map(([, column]) => `${column} = ${column} + excluded.${column}`).join(', ');

/** Adds a change to one rollup row, and drops the row when the change left it without calls. */
const ROLLUP_SQL: Readonly<Record<RollupTable, { add: string; dropEmpty: string }>> = {
  hourly: {
    add: `INSERT INTO usage_hourly (agent_id, hour, ${COUNTERS}) VALUES (@agentId, @key, ${VALUES})
          ON CONFLICT (agent_id, hour) DO UPDATE SET ${ADDED}`,
    dropEmpty: 'DELETE FROM usage_hourly WHERE agent_id = @agentId AND hour = @key AND calls <= 0',
  },
  daily: {
    add: `INSERT INTO usage_daily (agent_id, day, ${COUNTERS}) VALUES (@agentId, @key, ${VALUES})
          ON CONFLICT (agent_id, day) DO UPDATE SET ${ADDED}`,
    dropEmpty: 'DELETE FROM usage_daily WHERE agent_id = @agentId AND day = @key AND calls <= 0',
  },
  tenant: {
    add: `INSERT INTO usage_tenant_hourly (hour, ${COUNTERS}) VALUES (@key, ${VALUES})
          ON CONFLICT (hour) DO UPDATE SET ${ADDED}`,
    dropEmpty: 'DELETE FROM usage_tenant_hourly WHERE hour = @key AND calls <= 0',
  },
};

/**
 * `call_facts` and the rollups it is summed into (`usage_hourly`, `usage_daily`, `usage_tenant_hourly`). Every write
 * keeps them in step, and runs inside the caller's transaction (the fold that produced the record), so usage never
 * sees a fact without its rollups, nor one rollup without the others.
 */
export class SqliteCallFactTable {
  private readonly statement: LazyStatements;

  constructor(db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  /**
   * Makes `record` the leg's one contribution to usage: its earlier fact (an earlier fold) is taken out of the
   * rollup, the new one put in; a record that no longer counts (not ended) leaves none. A refold never double counts.
   */
  replace(leg: string, record: CallRecord): void {
    const before = this.statement(`SELECT ${FACT_COLUMNS} FROM call_facts WHERE leg = ?`).get(leg) as FactRow | undefined;
    const after = callFactFromRecord(leg, record);
    if (after) this.statement(UPSERT_FACT).run(after);
    else if (before) this.statement('DELETE FROM call_facts WHERE leg = ?').run(leg);
    const changes = rollupChanges(before ? contribution(toRolledUpFact(before)) : null, after ? contribution(after) : null);
    for (const change of changes) this.applyChange(change);
  }

  private applyChange(change: RollupChange): void {
    const params = { agentId: change.agentId, key: change.key, ...change.counts };
    const sql = ROLLUP_SQL[change.table];
    this.statement(sql.add).run(params);
    if (change.counts.calls < 0) this.statement(sql.dropEmpty).run({ agentId: change.agentId, key: change.key });
  }
}
