import type { Agent, OffsetSegment, UsageCounts, UsageFilter, UsageReport } from '../store/store.js';
import { byCodeUnits, USAGE_COUNT_FIELDS, ZERO_COUNTS } from '../store/usage-counts.js';
import { dayString, localDayStart, offsetSegments } from '../domain/usage-time-zone.js';

/** The longest range one usage query or export covers, in local days: a leap year. */
export const MAX_USAGE_DAYS = 366;

const MS_PER_DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A usage query as the admin asked it: local dates in `timeZone`, both included, and who. */
export interface UsageQuery {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  /** Agent ids (an unknown id matches no call); null for every agent. */
  readonly agentIds: readonly string[] | null;
  /** Agents whose team is this now; null for any team. */
  readonly team: string | null;
}

/** A query turned into instants: what the store is asked, and the offsets to read its local days with. */
export interface UsageWindow {
  readonly filter: UsageFilter;
  readonly segments: readonly OffsetSegment[];
}

/** Rates are fractions of all calls (null without calls); averages are over answered calls (null without any). */
export type CountsView = UsageCounts & {
  readonly rates: { readonly answered: number | null; readonly noAnswer: number | null; readonly busy: number | null; readonly failed: number | null };
  readonly averageHandleSeconds: number | null;
  readonly averageTalkSeconds: number | null;
};

/** The body of `GET /api/v1/admin/usage` (see the README). */
export interface UsageResponse {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly filter: { readonly agents: readonly string[] | null; readonly team: string | null };
  readonly totals: CountsView;
  readonly byDay: readonly (CountsView & { readonly day: string })[];
  readonly byHour: readonly (CountsView & { readonly hour: number })[];
  readonly byAgent: readonly (CountsView & {
    readonly agentId: string;
    readonly name: string | null;
    readonly team: string | null;
    readonly activeDays: number;
    readonly callsPerActiveDay: number | null;
  })[];
  readonly byAgentDay: UsageReport['byAgentDay'];
  readonly refusals: UsageReport['refusals'];
  readonly tookMs: number;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so 2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && dayString(ms / MS_PER_DAY) === value;
}

/** The date `days` after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return dayString(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY + days);
}

/** Days from `from` to `to`: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** The instants a query covers: from local midnight of `from` to local midnight after `to`, with the zone's offsets. */
export function usageWindow(query: UsageQuery): UsageWindow {
  const from = localDayStart(query.from, query.timeZone);
  const to = localDayStart(addDays(query.to, 1), query.timeZone);
  return {
    filter: { from, to, agentIds: query.agentIds, team: query.team },
    segments: offsetSegments(from, to, query.timeZone),
  };
}

/**
 * The usage answer from the store's report: every local day of the range and every hour present (zero-filled), rates
 * and averages on every count, agents by calls (most first, then id) with their current name and team (null once
 * deleted).
 */
export function usageResponse(args: {
  readonly query: UsageQuery;
  readonly window: UsageWindow;
  readonly report: UsageReport;
  readonly agents: readonly Agent[];
  readonly tookMs: number;
}): UsageResponse {
  const { query, window, report } = args;
  const days = new Map(report.byDay.map(({ day, ...counts }) => [day, counts]));
  const hours = new Map(report.byHour.map(({ hour, ...counts }) => [hour, counts]));
  const agents = new Map(args.agents.map((agent) => [agent.id, agent]));
  const dayCount = daysBetween(query.from, query.to) + 1;
  return {
    from: new Date(window.filter.from).toISOString(),
    to: new Date(window.filter.to).toISOString(),
    timeZone: query.timeZone,
    filter: { agents: query.agentIds, team: query.team },
    totals: withRates(report.totals),
    byDay: Array.from({ length: dayCount }, (_, i) => {
      const day = addDays(query.from, i);
      return { day, ...withRates(days.get(day) ?? ZERO_COUNTS) };
    }),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, ...withRates(hours.get(hour) ?? ZERO_COUNTS) })),
    byAgent: [...report.byAgent]
      .sort((a, b) => b.calls - a.calls || byCodeUnits(a.agentId, b.agentId))
      .map(({ agentId, activeDays, ...counts }) => {
        const agent = agents.get(agentId);
        return {
          agentId,
          name: agent?.name ?? null,
          team: agent?.team ?? null,
          activeDays,
          callsPerActiveDay: activeDays > 0 ? counts.calls / activeDays : null,
          ...withRates(counts),
        };
      }),
    byAgentDay: report.byAgentDay,
    refusals: [...report.refusals].sort((a, b) => b.count - a.count || byCodeUnits(a.code, b.code)),
    tookMs: args.tookMs,
  };
}

/** Counts with their rates and averages. */
export function withRates(counts: UsageCounts): CountsView {
  const ofCalls = (n: number) => (counts.calls > 0 ? n / counts.calls : null);
  const perAnswered = (n: number) => (counts.answered > 0 ? n / counts.answered : null);
  return {
    ...pickCounts(counts),
    rates: { answered: ofCalls(counts.answered), noAnswer: ofCalls(counts.noAnswer), busy: ofCalls(counts.busy), failed: ofCalls(counts.failed) },
    averageHandleSeconds: perAnswered(counts.handleSeconds),
    averageTalkSeconds: perAnswered(counts.talkSeconds),
  };
}

/** Only the count fields, so nothing else a store row carries leaks into the answer. */
function pickCounts(counts: UsageCounts): UsageCounts {
  const picked: Record<string, number> = {};
  for (const key of USAGE_COUNT_FIELDS) picked[key] = counts[key];
  return picked as unknown as UsageCounts;
}
