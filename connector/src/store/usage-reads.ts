import type { OffsetSegment, UsageFilter } from './store.js';
import { dayShift, splitHours } from './usage-hour-split.js';

const HOUR_MS = 3_600_000;

/**
 * One read of the rollups that `Store.usage` is answered from; a store turns each into one query and hands its rows
 * to `UsageTally.add`. Every read applies the filter's agents and team. Hours and days are UTC numbers; a local day or
 * hour is that of the hour's start at `offsetMs`: day = (hour * 3 600 000 + offsetMs) / 86 400 000, truncated.
 * Rows list their sums in `USAGE_COLUMNS` order, summed over the rows grouped:
 * - `localDays`: [local day, ...sums] grouped by local day, over the hours [fromHour, toHour);
 * - `localHours`: [local hour 0-23, ...sums] grouped by local hour, over the same hours;
 *   (both from the rollup over all agents when the filter names no agent or team, else from the per-agent one)
 * - `edgeHours`: [agent, local day, ...sums] from the per-agent hourly rollup, grouped by agent and local day;
 * - `agentTotals`: [agent, ...sums] from the daily rollup over the UTC days [fromDay, toDay), grouped by agent;
 * - `agentDays`: [agent, UTC day, calls, answered, talk seconds], one row per daily rollup row of those days;
 * - `movedHours`: [agent, UTC day, local day, calls, answered, talk seconds] from the per-agent hourly rollup: of each
 *   UTC day in [fromDay, toDay), the hours of day [movedFrom, movedTo), grouped by agent, UTC day and local day.
 */
export type UsageRead =
  | { readonly kind: 'localDays' | 'localHours' | 'edgeHours'; readonly fromHour: number; readonly toHour: number; readonly offsetMs: number }
  | { readonly kind: 'agentTotals'; readonly fromDay: number; readonly toDay: number }
  | { readonly kind: 'agentDays'; readonly fromDay: number; readonly toDay: number; readonly shift: number }
  | {
      readonly kind: 'movedHours';
      readonly fromDay: number;
      readonly toDay: number;
      readonly movedFrom: number;
      readonly movedTo: number;
      readonly offsetMs: number;
      readonly shift: number;
    };

/**
 * The reads that answer a usage query: per offset segment, the fewest rows. Days and hours from the per-hour rollup
 * over all agents (or, with a filter, per agent); agents from the daily rollup over the whole UTC days in range, plus
 * the hourly rollup for the hours at the edges; each agent's local days likewise, moving from the daily rows the hours
 * a local day takes from a neighbouring UTC day (none in UTC, one hour a day in London in summer). A year of 200
 * agents so reads some 50 000 daily rows instead of half a million hourly ones. A local day cut by a DST change spans
 * two segments; the tally joins its halves.
 */
export function usageReads(filter: Pick<UsageFilter, 'from' | 'to'>, segments: readonly OffsetSegment[]): UsageRead[] {
  const reads: UsageRead[] = [];
  for (const segment of segments) {
    const fromHour = Math.ceil(Math.max(filter.from, segment.from) / HOUR_MS);
    const toHour = Math.ceil(Math.min(filter.to, segment.to) / HOUR_MS);
    if (fromHour >= toHour) continue;
    const offsetMs = Math.round(segment.offsetMs);
    reads.push({ kind: 'localDays', fromHour, toHour, offsetMs }, { kind: 'localHours', fromHour, toHour, offsetMs });
    const { days, edges } = splitHours(fromHour, toHour);
    for (const edge of edges) reads.push({ kind: 'edgeHours', fromHour: edge.from, toHour: edge.to, offsetMs });
    if (!days) continue;
    const { shift, moved } = dayShift(offsetMs);
    reads.push({ kind: 'agentTotals', fromDay: days.from, toDay: days.to }, { kind: 'agentDays', fromDay: days.from, toDay: days.to, shift });
    if (moved) reads.push({ kind: 'movedHours', fromDay: days.from, toDay: days.to, movedFrom: moved.from, movedTo: moved.to, offsetMs, shift });
  }
  return reads;
}
