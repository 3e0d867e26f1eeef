import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CallDirection, CallEvent, EndCause } from '../../../connector/src/domain/call-event.js';
import type { CallResult, CallState } from '../../../connector/src/domain/call-record.js';
import { callLogFromRecord } from '../../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { AGENT_ID, CALL_ID, T0 } from './call-events.js';

const NUMBERS = ['+14155552671', '+442079460958', '+33142685300', '+4930901820', '204', 'sip:bob@example.com'];
const AGENT_URI = 'sip:agent-7@pbx.example.com';

/** The outcome a failed call's SIP status means, written out independently of the code under test. */
const FAILED_WITH: ReadonlyArray<readonly [number | null, CallResult]> = [
  [null, 'failed'], [486, 'busy'], [480, 'no-answer'], [487, 'cancelled'], [603, 'declined'], [404, 'failed'], [503, 'failed'],
];
const UNANSWERED_CAUSES: ReadonlyArray<readonly [EndCause, CallResult]> = [
  ['cancelled', 'cancelled'], ['busy', 'busy'], ['no-answer', 'no-answer'], ['declined', 'declined'],
  ['heartbeat-timeout', 'abandoned'],
];

/** What a call did, before it is written down as events. */
const callPlan = fc.record({
  direction: fc.constantFrom<CallDirection>('outbound', 'inbound'),
  outboundRang: fc.boolean(),
  party: fc.constantFrom(...NUMBERS),
  withRecord: fc.boolean(),
  answered: fc.boolean(),
  holds: fc.integer({ min: 0, max: 3 }),
  lastHoldOpen: fc.boolean(),
  transfer: fc.option(fc.constantFrom('+14155550100', '205', 'sip:sales@pbx.example.com'), { nil: null }),
  ends: fc.integer({ min: 0, max: 9 }).map((n) => n > 0), // one call in ten is still going on
  answeredCause: fc.constantFrom<EndCause>('hangup', 'heartbeat-timeout'),
  unanswered: fc.integer({ min: 0, max: UNANSWERED_CAUSES.length }), // the last index: failed, with a status
  failedWith: fc.constantFrom(...FAILED_WITH),
  wrapups: fc.array(
    fc.record({
      disposition: fc.option(fc.constantFrom('Sale', 'No sale', 'Call back'), { nil: null }),
      notes: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    }),
    { maxLength: 2 },
  ),
  heartbeats: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 14, maxLength: 14 }),
});

type CallPlan = typeof callPlan extends fc.Arbitrary<infer P> ? P : never;

interface Expected {
  readonly state: CallState;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly result: CallResult | null;
  readonly transferTarget: string | null;
  readonly disposition: string | null;
  readonly notes: string | null;
  readonly lastEventAt: string;
}

/** Writes a plan down as the clean, in-order event sequence a widget would send, and what its record must say. */
function writeDown(plan: CallPlan, gaps: readonly number[]): { events: CallEvent[]; expected: Expected } {
  const events: CallEvent[] = [];
  let t = T0;
  let gap = 0;
  let step = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  const emit = (body: Record<string, unknown>): number => {
    t += gaps[gap++] ?? 1000;
    const base = { eventId: `evt-${events.length}`, callId: CALL_ID, agentId: AGENT_ID, occurredAt: iso(t) };
    events.push({ ...base, ...body } as CallEvent);
    const at = t;
    for (let i = 0; i < (plan.heartbeats[step] ?? 0); i += 1) {
      t += gaps[gap++] ?? 1000;
      const eventId = `evt-${events.length}`;
      events.push({ eventId, callId: CALL_ID, agentId: AGENT_ID, occurredAt: iso(t), type: 'heartbeat' });
    }
    step += 1;
    return at;
  };
  const outbound = plan.direction === 'outbound';
  const parties = {
    direction: plan.direction,
    from: outbound ? AGENT_URI : plan.party,
    to: outbound ? plan.party : AGENT_URI,
    record: plan.withRecord ? { objectType: 'Contact', id: '003000000000001' } : null,
  };
  const startedAt = emit({ type: outbound ? 'dialing' : 'ringing', ...parties });
  let state: CallState = outbound ? 'dialing' : 'ringing';
  if (outbound && plan.outboundRang) {
    emit({ type: 'ringing', ...parties });
    state = 'ringing';
  }
  let answeredAt: number | null = null;
  let holdMs = 0;
  let openHold: number | null = null;
  if (plan.answered) {
    answeredAt = emit({ type: 'answered' });
    state = 'talking';
    for (let h = 0; h < plan.holds; h += 1) {
      openHold = emit({ type: 'held' });
      state = 'held';
      if (h < plan.holds - 1 || !plan.lastHoldOpen) {
        holdMs += emit({ type: 'resumed' }) - openHold;
        openHold = null;
        state = 'talking';
      }
    }
    if (plan.transfer !== null) emit({ type: 'transferred', target: plan.transfer, mode: 'blind' });
  }
  let endedAt: number | null = null;
  let result: CallResult | null = null;
  if (plan.ends) {
    const unanswered = UNANSWERED_CAUSES[plan.unanswered];
    const cause = plan.answered ? plan.answeredCause : (unanswered?.[0] ?? 'failed');
    const sipStatus = !plan.answered && unanswered === undefined ? plan.failedWith[0] : null;
    endedAt = emit({ type: 'ended', cause, sipStatus, hungUpBy: plan.answered ? 'remote' : null });
    result = plan.answered ? 'answered' : (unanswered?.[1] ?? plan.failedWith[1]);
    if (openHold !== null) holdMs += endedAt - openHold;
    state = 'ended';
    for (const w of plan.wrapups) {
      emit({ type: 'wrapup', ...w });
      state = 'wrapped-up';
    }
  }
  const lastWrapup = plan.ends ? plan.wrapups.at(-1) : undefined;
  const talkMs = answeredAt !== null && endedAt !== null ? endedAt - answeredAt - holdMs : 0;
  return {
    events,
    expected: {
      state,
      startedAt: iso(startedAt),
      answeredAt: answeredAt === null ? null : iso(answeredAt),
      endedAt: endedAt === null ? null : iso(endedAt),
      talkSeconds: Math.max(0, Math.round(talkMs / 1000)),
      holdSeconds: Math.round(holdMs / 1000),
      result,
      transferTarget: plan.answered ? plan.transfer : null,
      disposition: lastWrapup?.disposition ?? null,
      notes: lastWrapup?.notes ?? null,
      lastEventAt: iso(t),
    },
  };
}

/** A clean call, and the same events shuffled with copies of some of them mixed in. */
function arrivals(gap: fc.Arbitrary<number>) {
  return fc
    .tuple(callPlan, fc.array(gap, { minLength: 45, maxLength: 45 }))
    .map(([plan, gaps]) => writeDown(plan, gaps))
    .chain((clean) =>
      fc
        .array(fc.nat({ max: clean.events.length - 1 }), { maxLength: 10 })
        .map((picks) => [...clean.events, ...picks.map((i) => structuredClone(clean.events[i] as CallEvent))])
        .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }))
        .map((shuffled) => ({ ...clean, shuffled })),
    );
}

describe('foldCallEvents as a function of the set of events (property)', () => {
  it('folds any arrival order, with repeats, like the clean sequence, into what the call did', () => {
    fc.assert(
      fc.property(arrivals(fc.integer({ min: 1, max: 180_000 })), ({ events, shuffled, expected }) => {
        const clean = foldCallEvents(events);
        const mixed = foldCallEvents(shuffled);
        assert.deepEqual(mixed, clean);
        assert.ok(clean !== null && mixed !== null);
        const told = Object.fromEntries(Object.keys(expected).map((key) => [key, clean[key as keyof Expected]]));
        assert.deepEqual(told, expected);
        const log = callLogFromRecord(clean, 'owner-1');
        assert.deepEqual(callLogFromRecord(mixed, 'owner-1'), log);
        assert.equal(log === null, expected.endedAt === null);
      }),
      { numRuns: 600 },
    );
  });

  it('stays order-free when many events share a timestamp', () => {
    fc.assert(
      fc.property(arrivals(fc.integer({ min: 0, max: 2 }).map((s) => s * 1000)), ({ events, shuffled }) => {
        const clean = foldCallEvents(events);
        assert.ok(clean !== null);
        const mixed = foldCallEvents(shuffled);
        assert.deepEqual(mixed, clean);
        assert.ok(mixed !== null);
        assert.deepEqual(callLogFromRecord(mixed, null), callLogFromRecord(clean, null));
      }),
      { numRuns: 500 },
    );
  });
});
