import assert from 'node:assert/strict';
import { MARIA, signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

describe('WidgetApp: wrap-up and the host’s view of a call', () => {
  it('asks for a wrap-up after an answered call and sends disposition and notes to the call log and the host', async () => {
    const rig = await signedIn();
    rig.host.click({ number: '(415) 555-2671', record: MARIA });
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered(Date.now() - 65_000);
    call.remoteHangup();
    await settle();
    const state = rig.app.state;
    assert.deepEqual(state.wrapUp, { callId: call.callId, name: 'Maria Gonzalez', number: '+14155552671', direction: 'outbound', result: 'Answered' });
    assert.equal(state.recent[0]?.durationS, 65);
    rig.app.actions.saveWrapUp('Interested', '  Wants pricing for 40 seats  ');
    await settle();
    assert.deepEqual(rig.callLog.wrapUps, [{ callId: call.callId, disposition: 'Interested', notes: 'Wants pricing for 40 seats' }]);
    assert.deepEqual(rig.host.events.map((e) => e.type), ['outgoing', 'answered', 'ended', 'completed']);
    assert.deepEqual(rig.host.events[3], { type: 'completed', call, record: MARIA, disposition: 'Interested', notes: 'Wants pricing for 40 seats' });
    assert.equal(rig.app.state.wrapUp, null);
  });

  it('tells the host the call is logged once the connector has it in the CRM, so Salesforce refreshes the record', async () => {
    const rig = await signedIn();
    rig.host.click({ number: '(415) 555-2671', record: MARIA });
    await settle();
    const call = rig.phone.calls[0]!;
    rig.connector.logStatus[call.callId] = 'delivered';
    call.answered(Date.now() - 5000);
    call.remoteHangup();
    await settle();
    rig.app.actions.saveWrapUp('Interested', 'Send the quote');
    await settle();
    assert.deepEqual(rig.host.events.map((e) => e.type), ['outgoing', 'answered', 'ended', 'completed', 'logged']);
    assert.deepEqual(rig.host.events[4], { type: 'logged', callId: call.callId, record: MARIA });
  });

  it('never tells the host a call is logged while the connector still has it pending or dead', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    rig.connector.logStatus[call.callId] = 'dead';
    call.failed({ cause: 'busy', sipStatus: 486, hungUpBy: 'remote' }, null);
    rig.app.actions.skipWrapUp();
    await settle();
    assert.ok(rig.connector.statusAsked.includes(call.callId));
    assert.ok(!rig.host.events.some((e) => e.type === 'logged'));
  });

  it('completes the call at the host when the agent skips the wrap-up, and reports it skipped (empty), so the call is logged now', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.failed({ cause: 'no-answer', sipStatus: 480, hungUpBy: 'system' }, null);
    assert.equal(rig.app.state.wrapUp?.result, 'No answer');
    rig.app.actions.skipWrapUp();
    await settle();
    assert.deepEqual(rig.callLog.wrapUps, [{ callId: call.callId, disposition: null, notes: null }]);
    const completed = rig.host.events.find((e) => e.type === 'completed');
    assert.ok(completed && completed.type === 'completed' && completed.disposition === null && completed.notes === null);
  });

  it('queues the wrap-ups of several calls, oldest first, and says how many wait', async () => {
    const rig = await signedIn();
    for (const number of ['415 555 2671', '415 555 0000']) {
      rig.app.actions.dial(number);
      await settle();
      rig.phone.calls[0]!.remoteHangup();
    }
    assert.equal(rig.app.state.wrapUpsWaiting, 2);
    assert.equal(rig.app.state.wrapUp?.number, '+14155552671');
    rig.app.actions.saveWrapUp(null, '');
    assert.equal(rig.app.state.wrapUp?.number, '+14155550000');
    assert.deepEqual(rig.callLog.wrapUps.map((w) => [w.disposition, w.notes]), [[null, null]]);
  });

  it('sends the queued call events by beacon when the page goes out of sight', async () => {
    const rig = await signedIn();
    rig.pageHidden();
    assert.equal(rig.connector.beacons, 1);
  });

  it('still places calls when the host does not start, and says the CRM is not connected', async () => {
    const rig = new WidgetRig();
    rig.host.startFailure = 'Open CTI could not be loaded.';
    await signedIn(rig);
    assert.match(rig.app.state.notice?.text ?? '', /The CRM did not connect to the phone: Open CTI could not be loaded\./);
    rig.app.actions.dial('415 555 2671');
    await settle();
    assert.equal(rig.phone.dialled.length, 1);
    assert.deepEqual(rig.host.said, [], 'a host that failed to start is not spoken to');
  });
});
