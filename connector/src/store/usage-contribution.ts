import type { CallResult } from '../domain/call-record.js';
import type { RolledUpCallFact } from './call-fact-from-record.js';
import type { UsageCounts } from './store.js';
import { RESULT_COUNTER, USAGE_COLUMNS } from './usage-columns.js';
import { byCodeUnits, zeroCounts, type MutableUsageCounts } from './usage-counts.js';

/** What one call adds to the rollup rows of its agent and UTC hour. */
export interface Contribution {
  readonly agentId: string;
  readonly hour: number;
  readonly counts: UsageCounts;
}

/** The three rollups: per agent and UTC hour, per agent and UTC day (hour / 24), per UTC hour over all agents. */
export type RollupTable = 'hourly' | 'daily' | 'tenant';

/** The net change of one rollup row. `agentId` is null for the tenant rollup; `key` is its hour or day. */
export interface RollupChange {
  readonly table: RollupTable;
  readonly agentId: string | null;
  readonly key: number;
  readonly counts: UsageCounts;
}

const TABLE_ORDER: Readonly<Record<RollupTable, number>> = { hourly: 0, daily: 1, tenant: 2 };

/** What one fact adds to its rollup rows. */
export function contribution(
  fact: Pick<RolledUpCallFact, 'agentId' | 'hour' | 'direction' | 'result' | 'talkSeconds' | 'holdSeconds' | 'handleSeconds'>,
): Contribution {
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

/**
 * The rollup rows to change when a call leg's contribution goes from `removed` to `added` (null: none), each row once
 * with its net change, leaving out rows that would not change, so a refold never double counts.
 *
 * Listed in one fixed order (hourly rows, then daily, then tenant; each by agent, then hour or day): every store MUST
 * apply them in this order, so concurrent folds lock rollup rows in the same order and never deadlock. A change that
 * takes calls away may leave its row without calls: the store then drops that row, so every row holds at least one call.
 */
export function rollupChanges(removed: Contribution | null, added: Contribution | null): RollupChange[] {
  const changes = new Map<string, { table: RollupTable; agentId: string | null; key: number; counts: MutableUsageCounts }>();
  const apply = (contributed: Contribution, sign: 1 | -1) => {
    const rows: [RollupTable, string | null, number][] = [
      ['hourly', contributed.agentId, contributed.hour],
      ['daily', contributed.agentId, Math.floor(contributed.hour / 24)],
      ['tenant', null, contributed.hour],
    ];
    for (const [table, agentId, key] of rows) {
      const id = JSON.stringify([table, agentId, key]);
      let change = changes.get(id);
      if (!change) changes.set(id, (change = { table, agentId, key, counts: zeroCounts() }));
      for (const [field] of USAGE_COLUMNS) change.counts[field] += sign * contributed.counts[field];
    }
  };
  if (removed) apply(removed, -1);
  if (added) apply(added, 1);
  return [...changes.values()]
    .filter((change) => USAGE_COLUMNS.some(([field]) => change.counts[field] !== 0))
    .sort(
      (a, b) => TABLE_ORDER[a.table] - TABLE_ORDER[b.table] || byCodeUnits(a.agentId ?? '', b.agentId ?? '') || a.key - b.key,
    );
}
