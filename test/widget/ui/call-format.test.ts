import assert from 'node:assert/strict';
import { describeCall, formatDuration } from '../../../widget/src/ui/call-format.js';
import { registrationText } from '../../../widget/src/ui/status-bar.js';
import { callItem, idleState } from './states.js';

describe('call-format', () => {
  it('formats talk time like a phone: m:ss, then h:mm:ss', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(7.9), '0:07');
    assert.equal(formatDuration(192), '3:12');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(formatDuration(-3), '0:00');
  });

  it('says what a call is doing: calling, ringing, the timer, on hold with the timer', () => {
    const now = 1_000_000 + 65_000;
    assert.equal(describeCall(callItem({ state: 'dialing', answeredAt: null }), now), 'Calling…');
    assert.equal(describeCall(callItem({ state: 'ringing', answeredAt: null }), now), 'Ringing…');
    assert.equal(describeCall(callItem({ state: 'ringing', direction: 'inbound', answeredAt: null }), now), 'Incoming call');
    assert.equal(describeCall(callItem(), now), '1:05');
    assert.equal(describeCall(callItem({ onHold: true }), now), 'On hold · 1:05');
  });
});

describe('registrationText', () => {
  it('names each registration state, with the phone’s problem when it failed or reconnects', () => {
    assert.equal(registrationText(idleState()), 'Ready');
    assert.equal(registrationText(idleState({ registration: 'connecting' })), 'Connecting…');
    assert.equal(
      registrationText(idleState({ registration: 'reconnecting', registrationMessage: 'The SIP server cannot be reached.' })),
      'Reconnecting… The SIP server cannot be reached.',
    );
    assert.equal(
      registrationText(idleState({ registration: 'failed', registrationMessage: 'The SIP server refused your password.' })),
      'Not connected: The SIP server refused your password.',
    );
    assert.equal(registrationText(idleState({ session: 'signed-out' })), 'Signed out');
  });
});
