import type Database from 'better-sqlite3';
import type { CallRecord, CallResult } from '../domain/call-record.js';
import { callFactFromRecord, type RolledUpCallFact } from './call-fact-from-record.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import { RESULT_COUNTER, USAGE_COLUMNS } from './sqlite-usage-columns.js';
import { FACT_COLUMNS, toFact, type FactRow } from './sqlite-call-fact-row.js';
import type { UsageCounts } from './store.js';
import { zeroCounts } from './usage-counts.js';

const UPSERT_FACT = `INSERT INTO call_facts (${FACT_COLUMNS})
  VALUES (@leg, @callId, @agentId, @direction, @from, @to, @recordType, @recordId, @startedAt, @answeredAt, @endedAt, @hour,
          @talkSeconds, @holdSeconds, @wrapUpSeconds, @handleSeconds, @result, @endCause, @sipStatus, @hungUpBy, @disposition, @notes)
  ON CONFLICT (leg) DO UPDATE SET ${FACT_COLUMNS.split(', ')
    .filter((column) => column !== 'leg')
    .map((column) => `${column} = excluded.${column}`)
    .join(', ')}`;

const COUNTERS = USAGE_COLUMNS.map(([, column]) => column).join(', ');
const VALUES = USAGE_COLUMNS.map(([field]) => `@${field}`).join(', ');
const ADDED = USAGE_COLUMNS.map(([, column]) => `${column} = ${column} + excluded.${column}`).join(', ');

/** Adds a contribution to each rollup: per agent and hour, per agent and UTC day, per hour over all agents. */
const ADD_TO_ROLLUPS = [
  `INSERT INTO usage_hourly (agent_id, hour, ${COUNTERS}) VALUES (@agentId, @hour, ${VALUES})
   ON CONFLICT (agent_id, hour) DO UPDATE SET ${ADDED}`,
  `INSERT INTO usage_daily (agent_id, day, ${COUNTERS}) VALUES (@agentId, @day, ${VALUES})
   ON CONFLICT (agent_id, day) DO UPDATE SET ${ADDED}`,
  `INSERT INTO usage_tenant_hourly (hour, ${COUNTERS}) VALUES (@hour, ${VALUES})
   ON CONFLICT (hour) DO UPDATE SET ${ADDED}`,
];

/** Drops the rollup rows a removed contribution emptied, so every row holds at least one call. */
const DROP_EMPTY = [
  'DELETE FROM usage_hourly WHERE agent_id = @agentId AND hour = @hour AND calls <= 0',
  'DELETE FROM usage_daily WHERE agent_id = @agentId AND day = @day AND calls <= 0',
  'DELETE FROM usage_tenant_hourly WHERE hour = @hour AND calls <= 0',
];

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
    const removed = before ? contribution({ ...toFact(before), hour: before.hour, handleSeconds: before.handle_seconds }) : null;
    const added = after ? contribution(after) : null;
    if (removed && added && removed.agentId === added.agentId && removed.hour === added.hour) {
      const difference = { ...added, counts: subtract(added.counts, removed.counts) };
      if (USAGE_COLUMNS.some(([field]) => difference.counts[field] !== 0)) this.addToRollup(difference);
      return;
    }
    if (removed) {
      this.addToRollup({ ...removed, counts: subtract(zeroCounts(), removed.counts) });
      for (const sql of DROP_EMPTY) this.statement(sql).run({ agentId: removed.agentId, hour: removed.hour, day: Math.floor(removed.hour / 24) });
    }
    if (added) this.addToRollup(added);
  }

  private addToRollup(row: { agentId: string; hour: number; counts: UsageCounts }): void {
    const params = { agentId: row.agentId, hour: row.hour, day: Math.floor(row.hour / 24), ...row.counts };
    for (const sql of ADD_TO_ROLLUPS) this.statement(sql).run(params);
  }
}

/** What one fact adds to its rollup row. */
function contribution(fact: RolledUpCallFact): { agentId: string; hour: number; counts: UsageCounts } {
  const counts = zeroCounts();
  counts.calls = 1;
  if (fact.direction === 'inbound') counts.inbound = 1;
  if (fact.direction === 'outbound') counts.outbound = 1;
  const counter = fact.result === null ? undefined : RESULT_COUNTER[fact.result as CallResult];
  if (counter) counts[counter] = 1;
  counts.talkSeconds = fact.talkSeconds;
  counts.holdSeconds = fact.holdSeconds;
  counts.handleSeconds = fact.handleSeconds;
  return { agentId: fact.agentId, hour: fact.hour, counts };
}

function subtract(a: UsageCounts, b: UsageCounts): UsageCounts {
  return Object.fromEntries(USAGE_COLUMNS.map(([field]) => [field, a[field] - b[field]])) as unknown as UsageCounts;
}
