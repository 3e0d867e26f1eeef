import { dayString, offsetAt } from '../../connector/src/domain/usage-time-zone.js';
import type { CallRecord } from '../../connector/src/domain/call-record.js';
import type { UsageCounts, UsageFilter, UsageReport } from '../../connector/src/store/store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RESULT_FIELD: Record<string, keyof UsageCounts> = {
  answered: 'answered', 'no-answer': 'noAnswer', busy: 'busy', declined: 'declined', cancelled: 'cancelled', failed: 'failed', abandoned: 'abandoned',
};

type Counts = { -readonly [K in keyof UsageCounts]: number };
const zero = (): Counts => ({
  calls: 0, inbound: 0, outbound: 0, answered: 0, noAnswer: 0, busy: 0, declined: 0, cancelled: 0, failed: 0, abandoned: 0,
  talkSeconds: 0, holdSeconds: 0, handleSeconds: 0,
});

/** The usage the contract describes, computed the slow, obvious way from the records themselves. */
export function naiveUsage(records: readonly CallRecord[], teamOf: ReadonlyMap<string, string | null>, refusals: readonly { agentId: string; at: number; code: string }[], filter: UsageFilter, zone: string): UsageReport {
  const included = (agentId: string) =>
    (filter.agentIds === null || filter.agentIds.includes(agentId)) && (filter.team === null || (teamOf.has(agentId) && teamOf.get(agentId) === filter.team));
  const totals = zero();
  const days = new Map<string, Counts>();
  const hours = new Map<number, Counts>();
  const agents = new Map<string, Counts>();
  const agentDays = new Map<string, Counts>();
  const get = <K>(map: Map<K, Counts>, key: K) => map.get(key) ?? map.set(key, zero()).get(key)!;
  for (const r of records) {
    if (r.endedAt === null || r.startedAt === null || !included(r.agentId)) continue;
    const hourStart = Math.floor(Date.parse(r.startedAt) / HOUR) * HOUR;
    if (hourStart < filter.from || hourStart >= filter.to) continue;
    const local = hourStart + offsetAt(hourStart, zone);
    const day = dayString(Math.floor(local / DAY));
    const hour = Math.floor((local % DAY) / HOUR);
    const ended = Date.parse(r.endedAt);
    const wrapUp = r.wrappedUpAt === null ? 0 : Math.min(1800, Math.round(Math.max(0, Date.parse(r.wrappedUpAt) - ended) / 1000));
    const answerToEnd = r.answeredAt === null ? 0 : Math.round(Math.max(0, ended - Date.parse(r.answeredAt)) / 1000);
    for (const counts of [totals, get(days, day), get(hours, hour), get(agents, r.agentId), get(agentDays, `${r.agentId} ${day}`)]) {
      counts.calls += 1;
      if (r.direction) counts[r.direction] += 1;
      counts[RESULT_FIELD[r.result!]!] += 1;
      counts.talkSeconds += r.talkSeconds;
      counts.holdSeconds += r.holdSeconds;
      counts.handleSeconds += r.result === 'answered' ? answerToEnd + wrapUp : 0;
    }
  }
  const refused = new Map<string, number>();
  for (const r of refusals) if (r.at >= filter.from && r.at < filter.to && included(r.agentId)) refused.set(r.code, (refused.get(r.code) ?? 0) + 1);
  const sorted = <K extends string | number>(map: Map<K, Counts>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    totals,
    byDay: sorted(days).map(([day, counts]) => ({ ...counts, day })),
    byHour: sorted(hours).map(([hour, counts]) => ({ ...counts, hour })),
    byAgent: sorted(agents).map(([agentId, counts]) => ({ ...counts, agentId, activeDays: [...agentDays.keys()].filter((k) => k.startsWith(`${agentId} `)).length })),
    byAgentDay: sorted(agentDays).map(([key, counts]) => {
      const [agentId, day] = key.split(' ') as [string, string];
      return { agentId, day, calls: counts.calls, answered: counts.answered, talkSeconds: counts.talkSeconds };
    }),
    refusals: [...refused].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
  };
}
