import assert from 'node:assert/strict';
import type { LookupResult } from '../../../widget/src/connector/connector-api.js';
import { MARIA, signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

const MARIA_MATCH = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez', company: 'Acme' };

describe('WidgetApp: inbound calls', () => {
  it('rings with the number at once, then the caller’s name from the reverse lookup, and pops the record in the host', async () => {
    const rig = new WidgetRig();
    rig.configure = (c) => (c.directory['+14155552671'] = [MARIA_MATCH]);
    await signedIn(rig);
    const call = rig.phone.ring('+14155552671');
    assert.deepEqual(
      rig.app.state.calls.map((c) => [c.state, c.direction, c.number, c.name]),
      [['ringing', 'inbound', '+14155552671', null]],
    );
    await settle();
    assert.equal(rig.app.state.calls[0]?.name, 'Maria Gonzalez');
    assert.deepEqual(rig.connector.lookedUp, ['+14155552671']);
    assert.deepEqual(rig.host.events, [{ type: 'incoming', call, matches: [MARIA] }]);
    assert.ok(rig.host.said.includes('showPanel'));
    assert.deepEqual(rig.callLog.tracked, [{ callId: call.callId, record: null }]);
    assert.deepEqual(rig.callLog.records, [{ callId: call.callId, record: MARIA }]);
  });

  it('logs to no record when the number matches several, but offers them all to the host', async () => {
    const rig = new WidgetRig();
    const other = { objectType: 'Lead', id: 'LEA-0001', name: 'Mario Gonzalez', company: null };
    rig.configure = (c) => (c.directory['+14155552671'] = [MARIA_MATCH, other]);
    await signedIn(rig);
    const call = rig.phone.ring('+14155552671');
    await settle();
    assert.deepEqual(rig.callLog.records, [{ callId: call.callId, record: null }]);
    assert.deepEqual(rig.host.events[0], { type: 'incoming', call, matches: [MARIA, { objectType: 'Lead', id: 'LEA-0001', name: 'Mario Gonzalez' }] });
  });

  it('tells the host `incoming` before `answered` even when the agent answers before the lookup returns', async () => {
    const rig = new WidgetRig();
    let release: (result: LookupResult) => void = () => {};
    rig.configure = (c) => (c.lookup = () => new Promise<LookupResult>((resolve) => (release = resolve)));
    await signedIn(rig);
    const call = rig.phone.ring('+14155552671');
    rig.app.actions.answer(call.callId);
    await settle();
    assert.equal(call.state, 'established');
    assert.deepEqual(rig.host.events, []);
    release({ e164: '+14155552671', display: '+1 415 555 2671', matches: [MARIA_MATCH] });
    await settle();
    assert.deepEqual((rig.host.events as readonly { type: string }[]).map((e) => e.type), ['incoming', 'answered']);
    assert.equal(rig.app.state.calls[0]?.number, '+1 415 555 2671');
  });

  it('tells the host of the call without matches when the lookup is too slow', async () => {
    const rig = new WidgetRig();
    rig.configure = (c) => (c.lookup = () => new Promise<LookupResult>(() => {}));
    await signedIn(rig);
    const call = rig.phone.ring('+14155552671', 'Front desk');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(rig.host.events, [{ type: 'incoming', call, matches: [] }]);
    assert.equal(rig.app.state.calls[0]?.name, 'Front desk', 'the SIP display name stands in');
  });

  it('completes a declined call at the host at once, without a wrap-up, and lists it as declined', async () => {
    const rig = await signedIn();
    const call = rig.phone.ring('+14155552671');
    await settle();
    rig.app.actions.decline(call.callId);
    await settle();
    assert.deepEqual(call.controls, ['decline']);
    assert.equal(rig.app.state.wrapUp, null);
    assert.deepEqual(rig.host.events.map((e) => e.type), ['incoming', 'ended', 'completed']);
    assert.equal(rig.app.state.recent[0]?.result, 'Declined');
  });

  it('answers a second call by holding the first, and switches between them', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const first = rig.phone.calls[0]!;
    first.answered();
    const second = rig.phone.ring('+14155550000');
    await settle();
    assert.deepEqual(rig.app.state.calls.map((c) => c.state), ['established', 'ringing']);
    rig.app.actions.answer(second.callId);
    await settle();
    assert.deepEqual(first.controls, ['hold']);
    assert.equal(rig.app.state.focusedCallId, second.callId);
    rig.app.actions.switchTo(first.callId);
    await settle();
    assert.deepEqual(second.controls, ['answer', 'hold']);
    assert.deepEqual(first.controls, ['hold', 'resume']);
    assert.equal(rig.app.state.focusedCallId, first.callId);
    first.remoteHangup();
    assert.equal(rig.app.state.focusedCallId, second.callId, 'the held call comes to the panel');
  });

  it('passes mute, hold, keypad tones and hang-up to the call', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    const a = rig.app.actions;
    a.setMuted(call.callId, true);
    a.hold(call.callId);
    await settle();
    a.resume(call.callId);
    await settle();
    a.sendDtmf(call.callId, '5');
    a.hangup(call.callId);
    await settle();
    assert.deepEqual(call.controls, ['mute', 'hold', 'resume', 'dtmf 5', 'hangup']);
  });

  it('shows a control the call refuses as a notice', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    rig.app.actions.hold(rig.phone.calls[0]!.callId);
    await settle();
    assert.deepEqual(rig.app.state.notice, { tone: 'error', text: 'Only a call in progress can be held.' });
  });
});
