import assert from 'node:assert/strict';
import { CallReporter, type IntervalTimers } from '../../../widget/src/app/call-reporter.js';
import type { WidgetCallEvent } from '../../../widget/src/connector/connector-api.js';
import { FakeSoftPhone, type FakeCall } from './fakes/fake-soft-phone.js';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const CONTACT = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez' };
const TARGET = { sipUri: 'sip:+14155552671@pbx.test;user=phone', extension: null, display: '+1 415 555 2671' };

/** Heartbeat timers the test steps by hand. */
class ManualIntervals implements IntervalTimers {
  readonly running = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;
  setInterval(callback: () => void, ms: number): unknown {
    this.running.set(this.next, { callback, ms });
    return this.next++;
  }
  clearInterval(handle: unknown): void {
    this.running.delete(handle as number);
  }
  tick(): void {
    for (const { callback } of [...this.running.values()]) callback();
  }
}

function rig(heartbeatIntervalS = 30) {
  const phone = new FakeSoftPhone();
  const reported: WidgetCallEvent[] = [];
  const timers = new ManualIntervals();
  let clock = T0;
  let ids = 0;
  const reporter = new CallReporter({
    phone,
    connector: { report: (event) => reported.push(event) },
    heartbeatIntervalS,
    now: () => (clock += 1000),
    newId: () => `id-${++ids}`,
    timers,
  });
  /** What was reported, without the ids and times (checked apart), as `type` plus the type's own fields. */
  const sequence = () => reported.map(({ eventId: _e, callId: _c, occurredAt: _o, ...rest }) => rest);
  return { phone, reported, timers, reporter, sequence };
}

/** A call the agent placed or took, not a consultation call. */
const AGENT_CALL = { consult: false };

const outbound = (record: unknown) => ({ direction: 'outbound', from: 'agent', to: '+14155552671', record });

describe('CallReporter', () => {
  it('reports an answered outbound call: dialing, ringing, answered, ended, then the wrap-up', async () => {
    const { phone, reporter, reported, sequence } = rig();
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, CONTACT, AGENT_CALL);
    call.ringing();
    call.answered();
    call.setMuted(true);
    call.remoteHangup();
    reporter.wrapUp(call.callId, 'Connected', 'Wants a quote');
    assert.deepEqual(sequence(), [
      { type: 'dialing', ...outbound({ objectType: 'Contact', id: 'CON-0001' }) },
      { type: 'ringing', ...outbound({ objectType: 'Contact', id: 'CON-0001' }) },
      { type: 'answered' },
      { type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'remote', wrapUp: true },
      { type: 'wrapup', disposition: 'Connected', notes: 'Wants a quote' },
    ]);
    assert.deepEqual(reported.map((e) => e.eventId), ['id-1', 'id-2', 'id-3', 'id-4', 'id-5']);
    assert.ok(reported.every((e) => e.callId === call.callId));
    assert.deepEqual(reported.map((e) => e.occurredAt), [1, 2, 3, 4, 5].map((s) => new Date(T0 + s * 1000).toISOString()));
  });

  it('reports a busy call as ended busy with its SIP status, never answered', async () => {
    const { phone, reporter, sequence } = rig();
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, null, AGENT_CALL);
    call.ringing();
    call.failed({ cause: 'busy', sipStatus: 486, hungUpBy: 'remote' }, { code: 'busy', message: 'The number is busy.' });
    assert.deepEqual(sequence(), [
      { type: 'dialing', ...outbound(null) },
      { type: 'ringing', ...outbound(null) },
      { type: 'ended', cause: 'busy', sipStatus: 486, hungUpBy: 'remote', wrapUp: true },
    ]);
  });

  it('reports each hold and resume once, and nothing for a hold that did not change', async () => {
    const { phone, reporter, sequence } = rig();
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, CONTACT, AGENT_CALL);
    call.answered();
    await call.hold();
    phone.changed(call);
    await call.resume();
    await call.hold();
    await call.hangup();
    assert.deepEqual(sequence().slice(1), [
      { type: 'answered' },
      { type: 'held' },
      { type: 'resumed' },
      { type: 'held' },
      { type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'agent', wrapUp: true },
    ]);
  });

  it('sends a heartbeat every heartbeatIntervalS while the call lasts, and none after it ended', async () => {
    const { phone, reporter, timers, sequence } = rig(20);
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, null, AGENT_CALL);
    assert.deepEqual([...timers.running.values()].map((t) => t.ms), [20_000]);
    timers.tick();
    call.answered();
    timers.tick();
    call.remoteHangup();
    assert.equal(timers.running.size, 0, 'the heartbeat timer is cleared');
    timers.tick();
    assert.deepEqual(sequence().map((e) => e.type), ['dialing', 'heartbeat', 'answered', 'heartbeat', 'ended']);
  });

  it('reports an inbound call from the caller to the agent, and its record once the lookup found it', () => {
    const { phone, reporter, sequence } = rig();
    const call = phone.ring('+14155550100');
    reporter.track(call, null, AGENT_CALL);
    reporter.setRecord(call.callId, CONTACT);
    reporter.setRecord(call.callId, { objectType: 'Lead', id: 'LEA-0001', name: null });
    void call.answer();
    void call.decline();
    const inbound = { direction: 'inbound', from: '+14155550100', to: 'agent' };
    assert.deepEqual(sequence(), [
      { type: 'ringing', ...inbound, record: null },
      { type: 'ringing', ...inbound, record: { objectType: 'Contact', id: 'CON-0001' } },
      { type: 'answered' },
      { type: 'ended', cause: 'declined', sipStatus: 603, hungUpBy: 'agent', wrapUp: true },
    ]);
  });

  it('reports a transfer the far end accepted, then the end of the call', async () => {
    const { phone, reporter, sequence } = rig();
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, CONTACT, AGENT_CALL);
    call.answered();
    await call.transfer('sip:2002@pbx.test');
    assert.deepEqual(sequence().slice(2), [
      { type: 'transferred', target: 'sip:2002@pbx.test', mode: 'blind' },
      { type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'agent', wrapUp: true },
    ]);
  });

  it('reports a record the connector cannot take as none, rather than losing the dialing event', async () => {
    const { phone, reporter, sequence } = rig();
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, { objectType: 'COMPANY', id: '123', name: 'Acme' }, AGENT_CALL);
    reporter.setRecord(call.callId, { objectType: 'Contact', id: 'has spaces', name: null });
    assert.deepEqual(sequence(), [{ type: 'dialing', ...outbound(null) }]);
  });

  it('ignores calls it was not asked to track and calls tracked twice, and stops listening and beating on stop', async () => {
    const { phone, reporter, timers, sequence } = rig();
    const untracked = (await phone.dial(TARGET)) as FakeCall;
    untracked.answered();
    const call = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(call, null, AGENT_CALL);
    reporter.track(call, CONTACT, AGENT_CALL);
    const listeners = phone.listenerCount();
    reporter.stop();
    assert.equal(phone.listenerCount(), listeners - 1);
    assert.equal(timers.running.size, 0);
    call.answered();
    assert.deepEqual(sequence(), [{ type: 'dialing', ...outbound(null) }]);
  });

  it('reports a call tracked once it already ended as begun and ended, with no heartbeat', async () => {
    const { phone, reporter, timers, sequence } = rig();
    const call = (await phone.dial(TARGET)) as FakeCall;
    call.failed({ cause: 'failed', sipStatus: 503, hungUpBy: 'system' }, null);
    reporter.track(call, null, AGENT_CALL);
    assert.equal(timers.running.size, 0);
    assert.deepEqual(sequence(), [{ type: 'dialing', ...outbound(null) }, { type: 'ended', cause: 'failed', sipStatus: 503, hungUpBy: 'system', wrapUp: true }]);
  });

  it('tells the connector at the end whether the agent is shown a wrap-up: not for a consultation call nor a missed inbound call', async () => {
    const { phone, reporter, reported } = rig();
    const consult = (await phone.dial(TARGET)) as FakeCall;
    reporter.track(consult, null, { consult: true });
    consult.answered();
    consult.remoteHangup();
    const missed = phone.ring('+14155550100');
    reporter.track(missed, null, AGENT_CALL);
    missed.remoteHangup();
    const taken = phone.ring('+14155550101');
    reporter.track(taken, null, AGENT_CALL);
    void taken.answer();
    taken.remoteHangup();
    const ends = reported.flatMap((e) => (e.type === 'ended' ? [[e.callId, e.wrapUp]] : []));
    assert.deepEqual(ends, [
      [consult.callId, false],
      [missed.callId, false],
      [taken.callId, true],
    ]);
  });
});
