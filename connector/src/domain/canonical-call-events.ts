import { CALL_EVENT_TYPES } from './call-event.js';
import type { CallEvent, CallEventType } from './call-event.js';

/** An event with its `occurredAt` read as epoch milliseconds. */
export interface TimedCallEvent {
  readonly event: CallEvent;
  readonly at: number;
}

/**
 * Where an event sorts among events of the same instant: the order a call lives through them. `held` sorts before
 * `resumed` so that a zero-length hold (both in one millisecond) closes instead of staying open to the end of the call.
 * Heartbeats change nothing but the last-event time, so their rank is arbitrary.
 */
export const LIFECYCLE_RANK: Readonly<Record<CallEventType, number>> = Object.freeze({
  dialing: 0,
  ringing: 1,
  answered: 2,
  held: 3,
  resumed: 4,
  transferred: 5,
  ended: 6,
  wrapup: 7,
  heartbeat: 8,
});

/** ISO 8601 date-time with an explicit offset; without one, `Date.parse` would use the machine's time zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const KNOWN_TYPES: ReadonlySet<string> = new Set(CALL_EVENT_TYPES);

/**
 * One call's events as a set, in canonical order: the same output for any permutation of `events` and with any event
 * repeated.
 *
 * - Order: `occurredAt` as an instant, then {@link LIFECYCLE_RANK}, then `eventId`.
 * - Events sharing an `eventId` are one event. If their contents differ (a widget bug), the one first in that order
 *   is kept, ties broken by its content, so the choice never depends on arrival order.
 * - Throws an Error when events belong to different calls or agents (the caller MUST group by call), when an
 *   `occurredAt` is not an ISO 8601 date-time with an offset, or when a `type` is unknown.
 */
export function canonicalCallEvents(events: readonly CallEvent[]): readonly TimedCallEvent[] {
  const first = events[0];
  if (first === undefined) {
    return [];
  }
  const timed = events.map((event) => {
    if (event.callId !== first.callId) {
      throw new Error(`call events of different calls cannot be folded together: ${first.callId}, ${event.callId}`);
    }
    if (event.agentId !== first.agentId) {
      throw new Error(`call ${first.callId} has events from different agents: ${first.agentId}, ${event.agentId}`);
    }
    if (!KNOWN_TYPES.has(event.type)) {
      throw new Error(`call event ${event.eventId} has an unknown type: ${String(event.type)}`);
    }
    return { event, at: instant(event), content: canonicalJson(event) };
  });
  timed.sort(
    (a, b) =>
      a.at - b.at ||
      LIFECYCLE_RANK[a.event.type] - LIFECYCLE_RANK[b.event.type] ||
      compareStrings(a.event.eventId, b.event.eventId) ||
      compareStrings(a.content, b.content),
  );
  const seen = new Set<string>();
  const unique: TimedCallEvent[] = [];
  for (const { event, at } of timed) {
    if (!seen.has(event.eventId)) {
      seen.add(event.eventId);
      unique.push({ event, at });
    }
  }
  return unique;
}

function instant(event: CallEvent): number {
  const text: unknown = event.occurredAt;
  const at = typeof text === 'string' && ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) {
    throw new Error(`call event ${event.eventId} has an occurredAt that is not an ISO 8601 time with an offset`);
  }
  return at;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted, so that equal contents give equal text whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
