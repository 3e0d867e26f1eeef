import assert from 'node:assert/strict';
import { REFUSAL_REASON, REFUSED_NUMBER } from './fakes/fake-connector-api.js';
import { signedIn, type WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

async function inCall(): Promise<{ rig: WidgetRig; callId: string }> {
  const rig = await signedIn();
  rig.app.actions.dial('415 555 2671');
  await settle();
  const call = rig.phone.calls[0]!;
  call.answered();
  rig.app.actions.startTransfer(call.callId);
  return { rig, callId: call.callId };
}

describe('TransferFlow', () => {
  it('blind: resolves the typed number and REFERs the call to it; the call ends as transferred', async () => {
    const { rig, callId } = await inCall();
    assert.deepEqual(rig.app.state.transfer, { callId, stage: 'choosing', consultCallId: null });
    rig.app.actions.transferBlind('204');
    await settle();
    assert.deepEqual(rig.connector.resolved[1], { number: '204', record: null, purpose: 'display' }, 'a blind transfer places no call of the agent');
    const call = rig.host.events.find((e) => e.type === 'outgoing')!.call;
    assert.deepEqual((call as unknown as { controls: string[] }).controls, ['transfer sip:+1204@pbx.demo.test;user=phone']);
    assert.equal(rig.app.state.transfer, null);
    assert.equal(rig.app.state.recent[0]?.result, 'Transferred');
    assert.equal(rig.app.state.wrapUp?.result, 'Transferred');
  });

  it('refuses a transfer to a number the policy blocks, keeping the call', async () => {
    const { rig } = await inCall();
    rig.app.actions.transferBlind(REFUSED_NUMBER);
    await settle();
    assert.equal(rig.app.state.notice?.text, `Not called: ${REFUSAL_REASON}`);
    assert.equal(rig.app.state.calls.length, 1);
    assert.equal(rig.app.state.transfer?.stage, 'choosing');
  });

  it('attended: holds the customer, calls the colleague unseen by the host, then joins them', async () => {
    const { rig, callId } = await inCall();
    const customer = rig.phone.calls[0]!;
    rig.app.actions.transferAttended('415 555 0000');
    await settle();
    const consult = rig.phone.calls[1]!;
    assert.equal(rig.connector.resolved[1]?.purpose, 'dial', 'the consultation is a call of the agent, counted against its limits');
    assert.deepEqual(customer.controls, ['hold']);
    assert.deepEqual(rig.app.state.transfer, { callId, stage: 'consulting', consultCallId: consult.callId });
    assert.equal(rig.app.state.focusedCallId, consult.callId);
    assert.equal(rig.app.state.calls[1]?.consult, true);
    consult.answered();
    rig.app.actions.completeTransfer();
    await settle();
    assert.deepEqual(customer.controls, ['hold', `transferTo ${consult.callId}`]);
    assert.equal(rig.app.state.calls.length, 0);
    assert.equal(rig.app.state.wrapUpsWaiting, 1, 'only the customer’s call asks for a wrap-up');
    assert.deepEqual(rig.host.events.filter((e) => e.type === 'outgoing').map((e) => e.call.callId), [callId]);
    assert.deepEqual(rig.callLog.tracked.map((t) => t.callId), [callId, consult.callId], 'both calls are logged');
    assert.deepEqual(rig.callLog.consults, [consult.callId], 'the colleague’s call is reported as a consultation: the connector holds no log for its wrap-up');
  });

  it('attended, cancelled: hangs up the colleague and takes the customer off hold', async () => {
    const { rig, callId } = await inCall();
    rig.app.actions.transferAttended('415 555 0000');
    await settle();
    const [customer, consult] = rig.phone.calls;
    rig.app.actions.cancelTransfer();
    await settle();
    assert.deepEqual(consult!.controls, ['hangup']);
    assert.deepEqual(customer!.controls, ['hold', 'resume']);
    assert.equal(rig.app.state.transfer, null);
    assert.equal(rig.app.state.focusedCallId, callId);
  });

  it('attended: when the colleague hangs up, the customer stays on hold and the agent may try another number', async () => {
    const { rig, callId } = await inCall();
    rig.app.actions.transferAttended('415 555 0000');
    await settle();
    rig.phone.calls[1]!.remoteHangup();
    assert.deepEqual(rig.app.state.transfer, { callId, stage: 'choosing', consultCallId: null });
    assert.equal(rig.app.state.focusedCallId, callId);
    assert.match(rig.app.state.notice?.text ?? '', /still on hold/);
  });
});
