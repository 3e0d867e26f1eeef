import type { CallRecord } from '../domain/call-record.js';
import type { CallFact } from './store.js';

/** The longest wrap-up that counts: a wrap-up saved hours later says the agent forgot it, not that it took that long. */
export const MAX_WRAP_UP_SECONDS = 1800;

/** A call fact with what its rollup row needs besides: the UTC hour it started and its handle time. */
export interface RolledUpCallFact extends CallFact {
  /** floor(startedAt / 3 600 000). */
  readonly hour: number;
  /** Answer to end plus wrap-up, whole seconds, for an answered call; 0 for any other. */
  readonly handleSeconds: number;
}

/**
 * The fact a folded record contributes to usage, or null when it contributes nothing: a call counts once it has ended
 * and has a start. Whole seconds are rounded like the fold rounds talk time, so handle time is never below talk time;
 * an answered call whose `answered` event was lost (result `answered`, no `answeredAt`) adds only its wrap-up.
 */
export function callFactFromRecord(leg: string, record: CallRecord): RolledUpCallFact | null {
  const startedAt = instant(record.startedAt);
  const endedAt = instant(record.endedAt);
  if (startedAt === null || endedAt === null) return null;
  const answeredAt = instant(record.answeredAt);
  const wrappedUpAt = instant(record.wrappedUpAt);
  const wrapUpSeconds = wrappedUpAt === null ? 0 : Math.min(MAX_WRAP_UP_SECONDS, wholeSeconds(wrappedUpAt - endedAt));
  const handleSeconds = record.result === 'answered' ? (answeredAt === null ? 0 : wholeSeconds(endedAt - answeredAt)) + wrapUpSeconds : 0;
  return {
    leg,
    callId: record.callId,
    agentId: record.agentId,
    direction: record.direction,
    from: record.from,
    to: record.to,
    recordType: record.record?.objectType ?? null,
    recordId: record.record?.id ?? null,
    startedAt,
    answeredAt,
    endedAt,
    talkSeconds: record.talkSeconds,
    holdSeconds: record.holdSeconds,
    wrapUpSeconds,
    result: record.result,
    endCause: record.endCause,
    sipStatus: record.sipStatus,
    hungUpBy: record.hungUpBy,
    disposition: record.disposition,
    notes: record.notes,
    hour: Math.floor(startedAt / 3_600_000),
    handleSeconds,
  };
}

function instant(text: string | null): number | null {
  if (text === null) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Ms to whole seconds, never negative. */
function wholeSeconds(ms: number): number {
  return Math.round(Math.max(0, ms) / 1000);
}
