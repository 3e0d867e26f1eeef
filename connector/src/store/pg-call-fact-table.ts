import type { CallRecord } from '../domain/call-record.js';
import { callFactFromRecord } from './call-fact-from-record.js';
import { FACT_COLUMNS, FACT_FIELDS, toRolledUpFact, type FactRow } from './call-fact-row.js';
import type { PgQueryable } from './pg-database.js';
import { contribution, rollupChanges, type RollupChange, type RollupTable } from './usage-contribution.js';
import { USAGE_COLUMNS } from './usage-columns.js';

const UPSERT_FACT = `INSERT INTO call_facts (${FACT_COLUMNS})
  VALUES (${FACT_FIELDS.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (leg) DO UPDATE SET ${FACT_FIELDS.filter(([column]) => column !== 'leg')
    .map(([column]) => `${column} = excluded.${column}`)
    .join(', ')}`;

const COUNTERS = USAGE_COLUMNS.map(([, column]) => column).join(', ');

/** Each rollup: its table, its key columns, and how a change is added to a row and an emptied row dropped. */
const ROLLUPS: Readonly<Record<RollupTable, { add: string; dropEmpty: string; byAgent: boolean }>> = {
  hourly: rollup('usage_hourly', ['agent_id', 'hour']),
  daily: rollup('usage_daily', ['agent_id', 'day']),
  tenant: rollup('usage_tenant_hourly', ['hour']),
};

function rollup(table: string, keys: readonly string[]): { add: string; dropEmpty: string; byAgent: boolean } {
  const counters = USAGE_COLUMNS.map((_, index) => `$${keys.length + index + 1}`).join(', ');
  const added = USAGE_COLUMNS.map(([, column]) => `${column} = ${table}.${column} + excluded.${column}`).join(', ');
  const match = keys.map((key, index) => `${key} = $${index + 1}`).join(' AND ');
  return {
    add: `INSERT INTO ${table} (${keys.join(', ')}, ${COUNTERS}) VALUES (${keys.map((_, index) => `$${index + 1}`).join(', ')}, ${counters})
          ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${added}`,
    dropEmpty: `DELETE FROM ${table} WHERE ${match} AND calls <= 0`,
    byAgent: keys.includes('agent_id'),
  };
}

/**
 * `call_facts` and the rollups it is summed into (`usage_hourly`, `usage_daily`, `usage_tenant_hourly`) on
 * PostgreSQL. Every write runs inside the caller's transaction (the fold that produced the record), so usage never
 * sees a fact without its rollups, nor one rollup without the others.
 *
 * Concurrency (several instances fold at once): the caller MUST hold the call row's lock (its conditional UPDATE of
 * `calls` comes first), so no other fold of the leg reads its fact until this one commits and no earlier fact is
 * ever subtracted twice. Rollup rows are changed in the one order `rollupChanges` lists them, so two folds of
 * different calls sharing an hour, a day or both queue on those rows instead of deadlocking.
 */
export class PgCallFactTable {
  /**
   * Makes `record` the leg's one contribution to usage: its earlier fact (an earlier fold) is taken out of the
   * rollups, the new one put in; a record that no longer counts (not ended) leaves none. A refold never double counts.
   */
  async replace(tx: PgQueryable, leg: string, record: CallRecord): Promise<void> {
    const [before] = (await tx.query<FactRow>(`SELECT ${FACT_COLUMNS} FROM call_facts WHERE leg = $1`, [leg])).rows;
    const after = callFactFromRecord(leg, record);
    if (after) await tx.query(UPSERT_FACT, FACT_FIELDS.map(([, field]) => after[field]));
    else if (before) await tx.query('DELETE FROM call_facts WHERE leg = $1', [leg]);
    const changes = rollupChanges(before ? contribution(toRolledUpFact(before)) : null, after ? contribution(after) : null);
    for (const change of changes) await this.apply(tx, change);
  }

  private async apply(tx: PgQueryable, change: RollupChange): Promise<void> {
    const table = ROLLUPS[change.table];
    const key = table.byAgent ? [change.agentId, change.key] : [change.key];
    await tx.query(table.add, [...key, ...USAGE_COLUMNS.map(([field]) => change.counts[field])]);
    if (change.counts.calls < 0) await tx.query(table.dropEmpty, key);
  }
}
