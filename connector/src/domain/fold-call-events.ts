import type { CallDirection, CallEvent, CallRecordRef, EndCause } from './call-event.js';
import type { CallRecord, CallState } from './call-record.js';
import { nextCallState } from './call-state-machine.js';
import { canonicalCallEvents } from './canonical-call-events.js';
import { resultFromEnd } from './result-from-end.js';

/** The `ended` event the lifecycle accepted. */
interface Ending {
  readonly at: number;
  readonly cause: EndCause;
  readonly sipStatus: number | null;
  readonly hungUpBy: 'agent' | 'remote' | 'system' | null;
}

/** What the fold has learnt so far; local to one call of {@link foldCallEvents}. */
interface Acc {
  state: CallState | null;
  direction: CallDirection | null;
  from: string | null;
  to: string | null;
  record: CallRecordRef | null;
  startedAt: number | null;
  answeredAt: number | null;
  ending: Ending | null;
  holdMs: number;
  holdOpenedAt: number | null;
  disposition: string | null;
  notes: string | null;
  wrappedUpAt: number | null;
  transferTarget: string | null;
}

/**
 * Builds one call's record from its events. Returns null for no events.
 *
 * The result is a function of the SET of events: any order and any repetition of the same events (same `eventId`)
 * give a deep-equal record, because the events are deduplicated and put in canonical order first (see
 * `canonicalCallEvents`, which also says when this throws: events of several calls or agents, a bad `occurredAt`).
 * The state follows `nextCallState`; an event the lifecycle ignores keeps the data that matters:
 * - `startedAt`: the first `dialing`/`ringing`, or the first event of any kind when there is none.
 * - `direction`, `from`, `to`, `record`: each from the first `dialing`/`ringing` that has it (not null, not empty).
 * - `answeredAt`: the `answered` that moved the call to talking; an `answered` the lifecycle ignored (after `ended`)
 *   is not an answer.
 * - `endedAt`, `endCause`, `sipStatus`, `hungUpBy`: the `ended` that ended the call, even with no `dialing` before it.
 * - `holdSeconds`: every accepted `held` to its `resumed`, or to the end for a hold still open then. While the call
 *   has not ended, an open hold is not counted yet.
 * - `talkSeconds`: answer to end minus hold, whole seconds, never negative; 0 until the call has both.
 * - `result`: see `resultFromEnd`; null until the call has ended.
 * - `transferTarget`: the last `transferred`; `disposition` and `notes`: the last `wrapup`, wherever it falls (a
 *   wrap-up saved during the call counts, a correction replaces both fields); `wrappedUpAt`: that last `wrapup`'s time.
 * - `lastEventAt`: the latest event, heartbeats included; heartbeats change nothing else.
 * Times are written back as UTC ISO 8601 (`toISOString`), whatever offset the events used.
 */
export function foldCallEvents(events: readonly CallEvent[]): CallRecord | null {
  const timed = withoutSupersededTimeout(canonicalCallEvents(events));
  const first = timed[0];
  const last = timed[timed.length - 1];
  if (first === undefined || last === undefined) {
    return null;
  }
  const acc: Acc = {
    state: null,
    direction: null,
    from: null,
    to: null,
    record: null,
    startedAt: null,
    answeredAt: null,
    ending: null,
    holdMs: 0,
    holdOpenedAt: null,
    disposition: null,
    notes: null,
    wrappedUpAt: null,
    transferTarget: null,
  };
  for (const { event, at } of timed) {
    apply(acc, event, at);
  }
  const { ending, answeredAt } = acc;
  const talkMs = ending !== null && answeredAt !== null ? ending.at - answeredAt - acc.holdMs : 0;
  return {
    callId: first.event.callId,
    agentId: first.event.agentId,
    state: acc.state ?? 'dialing',
    direction: acc.direction,
    from: acc.from,
    to: acc.to,
    record: acc.record,
    startedAt: iso(acc.startedAt ?? first.at),
    answeredAt: answeredAt === null ? null : iso(answeredAt),
    endedAt: ending === null ? null : iso(ending.at),
    talkSeconds: Math.max(0, Math.round(talkMs / 1000)),
    holdSeconds: Math.max(0, Math.round(acc.holdMs / 1000)),
    result:
      ending === null
        ? null
        : resultFromEnd({ answered: answeredAt !== null, cause: ending.cause, sipStatus: ending.sipStatus }),
    endCause: ending?.cause ?? null,
    sipStatus: ending?.sipStatus ?? null,
    hungUpBy: ending?.hungUpBy ?? null,
    disposition: acc.disposition,
    notes: acc.notes,
    wrappedUpAt: acc.wrappedUpAt === null ? null : iso(acc.wrappedUpAt),
    transferTarget: acc.transferTarget,
    lastEventAt: iso(last.at),
  };
}

function apply(acc: Acc, event: CallEvent, at: number): void {
  const before = acc.state;
  const after = nextCallState(before, event.type);
  acc.state = after;
  switch (event.type) {
    case 'dialing':
    case 'ringing':
      acc.startedAt ??= at;
      acc.direction ??= event.direction;
      acc.from = present(acc.from) ? acc.from : (event.from ?? acc.from);
      acc.to = present(acc.to) ? acc.to : (event.to ?? acc.to);
      acc.record ??= event.record ?? null;
      return;
    case 'answered':
      if (after === 'talking' && before !== 'talking') {
        acc.answeredAt = at;
      }
      return;
    case 'held':
      if (after === 'held' && before === 'talking') {
        acc.holdOpenedAt = at;
      }
      return;
    case 'resumed':
      if (after === 'talking' && before === 'held') {
        closeHold(acc, at);
      }
      return;
    case 'ended':
      if (after === 'ended' && before !== 'ended') {
        closeHold(acc, at);
        acc.ending = { at, cause: event.cause, sipStatus: event.sipStatus ?? null, hungUpBy: event.hungUpBy ?? null };
      }
      return;
    case 'transferred':
      acc.transferTarget = event.target;
      return;
    case 'wrapup':
      acc.disposition = event.disposition ?? null;
      acc.notes = event.notes ?? null;
      acc.wrappedUpAt = at;
      return;
    case 'heartbeat':
      return;
  }
}

function closeHold(acc: Acc, at: number): void {
  if (acc.holdOpenedAt !== null) {
    acc.holdMs += Math.max(0, at - acc.holdOpenedAt);
    acc.holdOpenedAt = null;
  }
}

function present(text: string | null): boolean {
  return text !== null && text !== '';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The connector's own `heartbeat-timeout` ending is a guess made while the widget was silent; once the widget reports
 * how the call really ended (it reconnected, or the connector itself was down), that report wins.
 */
function withoutSupersededTimeout<T extends { readonly event: CallEvent }>(timed: readonly T[]): readonly T[] {
  const reported = timed.some(({ event }) => event.type === 'ended' && event.cause !== 'heartbeat-timeout');
  if (!reported) return timed;
  return timed.filter(({ event }) => !(event.type === 'ended' && event.cause === 'heartbeat-timeout'));
}
