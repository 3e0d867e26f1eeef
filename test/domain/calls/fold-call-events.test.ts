import assert from 'node:assert/strict';
import type { CallEvent } from '../../../connector/src/domain/call-event.js';
import type { CallRecord } from '../../../connector/src/domain/call-record.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import {
  AGENT_ID,
  CALL_ID,
  answered,
  at,
  dialing,
  ended,
  heartbeat,
  held,
  resumed,
  ringing,
  transferred,
  wrapup,
} from './call-events.js';

const CONTACT = { objectType: 'Contact', id: '003000000000001' } as const;

function fold(events: readonly CallEvent[]): CallRecord {
  const record = foldCallEvents(events);
  assert.ok(record !== null, 'expected a record');
  return record;
}

describe('foldCallEvents', () => {
  it('returns null for no events', () => {
    assert.equal(foldCallEvents([]), null);
  });

  it('folds an answered outbound call and its wrap-up into the whole record', () => {
    const record = fold([
      dialing(0, { record: CONTACT }),
      ringing(2),
      answered(10),
      heartbeat(60),
      ended(202, 'hangup', { hungUpBy: 'remote', sipStatus: 200 }),
      wrapup(230, 'Interested', 'Call back Tuesday'),
    ]);
    assert.deepEqual(record, {
      callId: CALL_ID,
      agentId: AGENT_ID,
      state: 'wrapped-up',
      direction: 'outbound',
      from: 'sip:agent-7@pbx.example.com',
      to: '+14155552671',
      record: CONTACT,
      startedAt: at(0),
      answeredAt: at(10),
      endedAt: at(202),
      talkSeconds: 192,
      holdSeconds: 0,
      result: 'answered',
      endCause: 'hangup',
      sipStatus: 200,
      hungUpBy: 'remote',
      disposition: 'Interested',
      notes: 'Call back Tuesday',
      wrappedUpAt: at(230),
      transferTarget: null,
      lastEventAt: at(230),
    } satisfies CallRecord);
  });

  it('folds an inbound call that only rang and was missed', () => {
    const record = fold([
      ringing(0, { direction: 'inbound', from: '+442079460958', to: 'sip:agent-7@pbx.example.com' }),
      ended(25, 'no-answer', { sipStatus: 480 }),
    ]);
    assert.equal(record.state, 'ended');
    assert.equal(record.direction, 'inbound');
    assert.equal(record.from, '+442079460958');
    assert.equal(record.startedAt, at(0));
    assert.equal(record.answeredAt, null);
    assert.equal(record.talkSeconds, 0);
    assert.equal(record.result, 'no-answer');
  });

  describe('the live state', () => {
    const CASES: ReadonlyArray<readonly [string, readonly CallEvent[], CallRecord['state']]> = [
      ['dialing', [dialing(0)], 'dialing'],
      ['ringing', [dialing(0), ringing(1)], 'ringing'],
      ['talking', [dialing(0), ringing(1), answered(4)], 'talking'],
      ['held', [dialing(0), answered(4), held(10)], 'held'],
      ['talking again after resume', [dialing(0), answered(4), held(10), resumed(20)], 'talking'],
      ['dialing for a call known only from a heartbeat', [heartbeat(3)], 'dialing'],
    ];
    for (const [name, events, state] of CASES) {
      it(`is ${name}`, () => {
        const record = fold(events);
        assert.equal(record.state, state);
        assert.equal(record.endedAt, null);
        assert.equal(record.result, null);
      });
    }
  });

  describe('durations', () => {
    it('takes one hold out of talk time', () => {
      const record = fold([dialing(0), answered(10), held(40), resumed(70), ended(130, 'hangup')]);
      assert.equal(record.holdSeconds, 30);
      assert.equal(record.talkSeconds, 90);
    });

    it('adds up several holds', () => {
      const record = fold([
        dialing(0), answered(10), held(20), resumed(25), held(50), resumed(62), held(80), resumed(81), ended(110, 'hangup'),
      ]);
      assert.equal(record.holdSeconds, 5 + 12 + 1);
      assert.equal(record.talkSeconds, 100 - 18);
    });

    it('counts a hold still open at the end until the end', () => {
      const record = fold([dialing(0), answered(10), held(40), ended(100, 'hangup')]);
      assert.equal(record.holdSeconds, 60);
      assert.equal(record.talkSeconds, 30);
    });

    it('does not count an open hold of a call that has not ended yet', () => {
      const record = fold([dialing(0), answered(10), held(40), heartbeat(100)]);
      assert.equal(record.holdSeconds, 0);
      assert.equal(record.talkSeconds, 0);
    });

    it('closes a hold and its resume in the same millisecond, whatever their ids', () => {
      const events = [dialing(0), answered(10), held(40, { eventId: 'z' }), resumed(40, { eventId: 'a' }), ended(100, 'hangup')];
      const record = fold(events);
      assert.equal(record.holdSeconds, 0);
      assert.equal(record.talkSeconds, 90);
    });

    it('ignores a second held while on hold and a resume that was never held', () => {
      const record = fold([
        dialing(0), answered(10), resumed(15), held(20), held(30, { eventId: 'held-again' }), resumed(50), ended(70, 'hangup'),
      ]);
      assert.equal(record.holdSeconds, 30);
      assert.equal(record.talkSeconds, 30);
    });

    it('ignores hold before answer', () => {
      const record = fold([dialing(0), held(2), resumed(4), answered(10), ended(20, 'hangup')]);
      assert.equal(record.holdSeconds, 0);
      assert.equal(record.talkSeconds, 10);
    });

    it('rounds to whole seconds on the millisecond total', () => {
      const record = fold([dialing(0), answered(1.2), held(2.3), resumed(3.8), ended(4.1, 'hangup')]);
      assert.equal(record.holdSeconds, 2); // 1.5 s
      assert.equal(record.talkSeconds, 1); // 2.9 - 1.5 = 1.4 s
    });

    it('is 0 talk time for a call that was never answered', () => {
      assert.equal(fold([dialing(0), ringing(1), ended(30, 'cancelled', { sipStatus: 487 })]).talkSeconds, 0);
    });
  });

  describe('events that do not fit the state', () => {
    it('ends a call whose dialing never arrived, and dates it from its first event', () => {
      const record = fold([heartbeat(5), answered(7), ended(20, 'hangup')]);
      assert.equal(record.state, 'ended');
      assert.equal(record.startedAt, at(5));
      assert.equal(record.direction, null);
      assert.equal(record.talkSeconds, 13);
    });

    it('ignores an answer after the end', () => {
      const record = fold([dialing(0), ended(10, 'cancelled'), answered(11)]);
      assert.equal(record.state, 'ended');
      assert.equal(record.answeredAt, null);
      assert.equal(record.result, 'cancelled');
    });

    it('keeps the first end and ignores a later one', () => {
      const record = fold([dialing(0), answered(2), ended(10, 'hangup', { hungUpBy: 'agent' }), ended(99, 'heartbeat-timeout')]);
      assert.equal(record.endedAt, at(10));
      assert.equal(record.hungUpBy, 'agent');
      assert.equal(record.endCause, 'hangup');
    });

    it('keeps the disposition and notes of a wrap-up saved before the end, without wrapping up', () => {
      const record = fold([dialing(0), answered(2), wrapup(5, 'Sale', 'Ordered 3'), ended(10, 'hangup')]);
      assert.equal(record.state, 'ended');
      assert.equal(record.disposition, 'Sale');
      assert.equal(record.notes, 'Ordered 3');
    });

    it('lets the last wrap-up replace both fields, whatever the arrival order', () => {
      const first = wrapup(20, 'Sale', 'Ordered 3');
      const correction = wrapup(40, 'No sale', null);
      const events = [dialing(0), answered(2), ended(10, 'hangup')];
      const record = fold([correction, ...events, first]);
      assert.equal(record.state, 'wrapped-up');
      assert.equal(record.disposition, 'No sale');
      assert.equal(record.notes, null);
    });

    it('keeps the transfer target, from talking, on hold and even after the end', () => {
      assert.equal(fold([dialing(0), answered(2), transferred(5, '+14155550100')]).transferTarget, '+14155550100');
      const onHold = fold([dialing(0), answered(2), held(3), transferred(5, 'sip:204@pbx'), ended(6, 'hangup')]);
      assert.equal(onHold.transferTarget, 'sip:204@pbx');
      assert.equal(onHold.holdSeconds, 3);
      assert.equal(fold([dialing(0), ended(6, 'hangup'), transferred(7, '204')]).transferTarget, '204');
    });

    it('lets heartbeats change nothing but the last event time', () => {
      const quiet = [dialing(0), answered(2), held(3), resumed(8), ended(20, 'hangup'), wrapup(30, 'Done', null)];
      const noisy = [heartbeat(1), ...quiet, heartbeat(2.5), heartbeat(9), heartbeat(45)];
      assert.deepEqual(fold(noisy), { ...fold(quiet), lastEventAt: at(45) });
    });
  });

  describe('who and what the call concerns', () => {
    it('takes each field from the first dialing or ringing that has it', () => {
      const record = fold([
        dialing(0, { to: '', record: null }),
        ringing(1, { to: '+14155552671', record: CONTACT }),
        ringing(2, { eventId: 'late-ringing', to: '+19999999999', record: { objectType: 'Lead', id: '00Q1' } }),
      ]);
      assert.equal(record.to, '+14155552671');
      assert.deepEqual(record.record, CONTACT);
      assert.equal(record.startedAt, at(0));
    });

    it('keeps an empty party when no event named one', () => {
      assert.equal(fold([ringing(0, { direction: 'inbound', from: '' })]).from, '');
    });
  });

  describe('as a function of the set of events', () => {
    const call = [dialing(0), ringing(1), answered(5), held(9), resumed(19), ended(65, 'hangup'), wrapup(70, 'Done', 'ok')];

    it('ignores arrival order and repeats', () => {
      const reversed = [...call].reverse();
      const repeated = [...call, ...call.slice(2, 5), call[0] as CallEvent];
      assert.deepEqual(fold(reversed), fold(call));
      assert.deepEqual(fold(repeated), fold(call));
    });

    it('keeps one deterministic version of an event id sent with two contents', () => {
      const a = wrapup(70, 'Done', 'ok', { eventId: 'w' });
      const b = wrapup(70, 'Done', 'not ok', { eventId: 'w' });
      const base = call.slice(0, 6);
      const one = fold([...base, a, b]);
      assert.deepEqual(fold([b, ...base, a]), one);
      assert.deepEqual(fold([a, b, a, ...base]), one);
      assert.equal(one.notes, 'not ok'); // the smaller content: `"not ok"` < `"ok"`
    });

    it('breaks a tie of instant and lifecycle rank by event id', () => {
      const record = fold([
        dialing(0), ended(10, 'cancelled'), wrapup(30, 'A', null, { eventId: 'b' }), wrapup(30, 'B', null, { eventId: 'a' }),
      ]);
      assert.equal(record.disposition, 'A');
    });

    it('orders by instant, not by text, and writes times back in UTC', () => {
      const record = fold([
        { ...dialing(0), occurredAt: '2026-03-02T10:00:00+01:00' },
        { ...answered(0), occurredAt: '2026-03-02T09:00:10.000Z' },
        { ...ended(0, 'hangup'), occurredAt: '2026-03-02T04:01:00-05:00' },
      ]);
      assert.equal(record.startedAt, '2026-03-02T09:00:00.000Z');
      assert.equal(record.endedAt, '2026-03-02T09:01:00.000Z');
      assert.equal(record.talkSeconds, 50);
    });

    it('orders events of one instant by the lifecycle', () => {
      const record = fold([ended(0, 'hangup'), wrapup(0, 'Done', null), answered(0), dialing(0)]);
      assert.equal(record.state, 'wrapped-up');
      assert.equal(record.answeredAt, at(0));
      assert.equal(record.result, 'answered');
    });
  });

  describe('refuses', () => {
    it('events of two calls', () => {
      assert.throws(() => foldCallEvents([dialing(0), answered(2, { callId: 'other' })]), /different calls/);
    });

    it('events of two agents', () => {
      assert.throws(() => foldCallEvents([dialing(0), answered(2, { agentId: 'agent-8' })]), /different agents/);
    });

    it('a time without an offset, which would depend on the machine time zone', () => {
      const local = { ...answered(2), occurredAt: '2026-03-02T09:00:02' };
      assert.throws(() => foldCallEvents([dialing(0), local]), /ISO 8601/);
    });

    it('a time that is not a time', () => {
      assert.throws(() => foldCallEvents([{ ...dialing(0), occurredAt: 'yesterday' }]), /ISO 8601/);
    });

    it('an unknown event type', () => {
      const odd = { ...answered(2), type: 'exploded' } as unknown as CallEvent;
      assert.throws(() => foldCallEvents([dialing(0), odd]), /unknown type/);
    });
  });
});
