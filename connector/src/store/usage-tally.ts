import { dayString } from '../domain/usage-time-zone.js';
import type { UsageCounts, UsageReport } from './store.js';
import { USAGE_COLUMNS } from './usage-columns.js';
import { byCodeUnits, zeroCounts, type MutableUsageCounts } from './usage-counts.js';
import type { UsageRead } from './usage-reads.js';

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

/**
 * A usage report as it is summed from the rows of its reads (see `usageReads`), keyed by local day number, local hour,
 * agent, and agent then local day. The same for every store, so both answer alike from the same rollups.
 */
export class UsageTally {
  private readonly days = new Map<number, MutableUsageCounts>();
  private readonly hours = new Map<number, MutableUsageCounts>();
  private readonly agents = new Map<string, MutableUsageCounts>();
  private readonly agentDays = new Map<string, Map<number, DayCounts>>();

  /** Adds the rows one read returned, each as its values in the order `UsageRead` lists them. */
  add(read: UsageRead, rows: readonly (readonly unknown[])[]): void {
    for (const row of rows) {
      const values = row as readonly (number | string)[];
      switch (read.kind) {
        case 'localDays':
          addSums(entry(this.days, values[0] as number), values.slice(1) as number[]);
          break;
        case 'localHours':
          addSums(entry(this.hours, values[0] as number), values.slice(1) as number[]);
          break;
        case 'edgeHours': {
          const [agentId, day, ...sums] = values as [string, number, ...number[]];
          addSums(entry(this.agents, agentId), sums);
          this.addDay(agentId, day, sums[CALLS]!, sums[ANSWERED]!, sums[TALK]!);
          break;
        }
        case 'agentTotals': {
          const [agentId, ...sums] = values as [string, ...number[]];
          addSums(entry(this.agents, agentId), sums);
          break;
        }
        case 'agentDays': {
          const [agentId, day, calls, answered, talkSeconds] = values as [string, number, number, number, number];
          this.addDay(agentId, day + read.shift, calls, answered, talkSeconds);
          break;
        }
        case 'movedHours': {
          // These hours were counted on the daily row's local day: move them to the local day they fall on.
          const [agentId, utcDay, localDay, calls, answered, talkSeconds] = values as [string, number, number, number, number, number];
          this.addDay(agentId, utcDay + read.shift, -calls, -answered, -talkSeconds);
          this.addDay(agentId, localDay, calls, answered, talkSeconds);
          break;
        }
      }
    }
  }

  /** The report, every list sorted and holding only entries with at least one call. */
  report(refusals: UsageReport['refusals']): UsageReport {
    const names = new Map<number, string>();
    const dayName = (day: number) => names.get(day) ?? names.set(day, dayString(day)).get(day)!;
    const totals = zeroCounts();
    for (const counts of this.days.values()) merge(totals, counts);
    const byAgent: (UsageCounts & { agentId: string; activeDays: number })[] = [];
    const byAgentDay: UsageReport['byAgentDay'][number][] = [];
    for (const agentId of [...this.agents.keys()].sort(byCodeUnits)) {
      const days = [...(this.agentDays.get(agentId) ?? new Map<number, DayCounts>())].filter(([, day]) => day.calls > 0).sort(([a], [b]) => a - b);
      for (const [day, counts] of days) byAgentDay.push({ agentId, day: dayName(day), ...counts });
      byAgent.push({ ...(this.agents.get(agentId) ?? zeroCounts()), agentId, activeDays: days.length });
    }
    return {
      totals,
      byDay: [...this.days].sort(([a], [b]) => a - b).map(([day, counts]) => ({ ...counts, day: dayName(day) })),
      byHour: [...this.hours].sort(([a], [b]) => a - b).map(([hour, counts]) => ({ ...counts, hour })),
      byAgent: byAgent.filter((agent) => agent.calls > 0),
      byAgentDay,
      refusals,
    };
  }

  /** Adds counts (negative: takes them away) to an agent's local day. */
  private addDay(agentId: string, day: number, calls: number, answered: number, talkSeconds: number): void {
    let days = this.agentDays.get(agentId);
    if (!days) this.agentDays.set(agentId, (days = new Map()));
    const held = days.get(day);
    if (held) {
      held.calls += calls;
      held.answered += answered;
      held.talkSeconds += talkSeconds;
    } else {
      days.set(day, { calls, answered, talkSeconds });
    }
  }
}

function entry<K>(map: Map<K, MutableUsageCounts>, key: K): MutableUsageCounts {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = zeroCounts()));
  return counts;
}

/** Adds one row of sums, in {@link USAGE_COLUMNS} order. */
function addSums(counts: MutableUsageCounts, sums: readonly number[]): void {
  USAGE_COLUMNS.forEach(([field], index) => {
    counts[field] += sums[index] ?? 0;
  });
}

function merge(into: MutableUsageCounts, counts: UsageCounts): void {
  for (const [field] of USAGE_COLUMNS) into[field] += counts[field];
}
