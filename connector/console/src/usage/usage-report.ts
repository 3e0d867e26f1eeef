/**
 * The answer of `GET /api/v1/admin/usage` as the console reads it (see the connector's usage route for the promise):
 * times are ISO-8601 UTC, days are local dates `YYYY-MM-DD` in `timeZone`, hours local 0-23.
 */
export interface UsageCounts {
  readonly calls: number;
  readonly inbound: number;
  readonly outbound: number;
  readonly answered: number;
  readonly noAnswer: number;
  readonly busy: number;
  readonly declined: number;
  readonly cancelled: number;
  readonly failed: number;
  readonly abandoned: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly handleSeconds: number;
  /** Fractions 0..1 of `calls`; null when there are no calls. */
  readonly rates: {
    readonly answered: number | null;
    readonly noAnswer: number | null;
    readonly busy: number | null;
    readonly failed: number | null;
  };
  /** Handle seconds per answered call; null when none was answered. */
  readonly averageHandleSeconds: number | null;
  /** Talk seconds per answered call; null when none was answered. */
  readonly averageTalkSeconds: number | null;
}

export interface UsageDay extends UsageCounts {
  readonly day: string;
}

export interface UsageHour extends UsageCounts {
  readonly hour: number;
}

export interface UsageAgent extends UsageCounts {
  readonly agentId: string;
  /** Null for an agent deleted since: the console shows its id. */
  readonly name: string | null;
  readonly team: string | null;
  readonly activeDays: number;
  readonly callsPerActiveDay: number;
}

export interface UsageAgentDay {
  readonly agentId: string;
  readonly day: string;
  readonly calls: number;
  readonly answered: number;
  readonly talkSeconds: number;
}

export interface UsageRefusal {
  readonly code: string;
  readonly count: number;
}

export interface UsageReport {
  readonly from: string;
  /** Exclusive: the local midnight after the last day. */
  readonly to: string;
  readonly timeZone: string;
  readonly filter: { readonly agents: readonly string[] | null; readonly team: string | null };
  readonly totals: UsageCounts;
  /** Every local date of the range, zero-filled, ascending. */
  readonly byDay: readonly UsageDay[];
  /** All 24 local hours, zero-filled. */
  readonly byHour: readonly UsageHour[];
  /** Agents with calls, by calls descending then id. */
  readonly byAgent: readonly UsageAgent[];
  readonly byAgentDay: readonly UsageAgentDay[];
  /** Most first. */
  readonly refusals: readonly UsageRefusal[];
  readonly tookMs: number;
}

/** Calls that are neither answered, no answer, busy nor failed: declined, cancelled and abandoned. */
export function otherCalls(counts: UsageCounts): number {
  return counts.declined + counts.cancelled + counts.abandoned;
}
