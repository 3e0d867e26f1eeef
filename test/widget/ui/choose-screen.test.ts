import assert from 'node:assert/strict';
import { chooseScreen, focusedCall } from '../../../widget/src/ui/choose-screen.js';
import { callItem, idleState } from './states.js';

const wrapUp = { callId: 'old', name: null, number: '+1', direction: 'outbound' as const, result: 'Answered' };

describe('chooseScreen', () => {
  it('shows the sign-in screen while signed out or signing in, and the no-phone screen without a phone', () => {
    assert.equal(chooseScreen(idleState({ session: 'signed-out' })), 'sign-in');
    assert.equal(chooseScreen(idleState({ session: 'signing-in' })), 'sign-in');
    assert.equal(chooseScreen(idleState({ session: 'no-phone' })), 'no-phone');
  });

  it('keeps the call screens when the session ends during a call, ringing calls first, and the sign-in once they are over', () => {
    const ringing = callItem({ callId: 'c2', direction: 'inbound', state: 'ringing' });
    assert.equal(chooseScreen(idleState({ session: 'signed-out', calls: [callItem()] })), 'call');
    assert.equal(chooseScreen(idleState({ session: 'signed-out', calls: [callItem(), ringing] })), 'incoming');
    assert.equal(chooseScreen(idleState({ session: 'signing-in', calls: [callItem()] })), 'call');
    assert.equal(chooseScreen(idleState({ session: 'signed-out', calls: [], wrapUp })), 'sign-in');
  });

  it('shows the dial pad when idle, the wrap-up after a call, the settings when opened', () => {
    assert.equal(chooseScreen(idleState()), 'dial');
    assert.equal(chooseScreen(idleState({ wrapUp, wrapUpsWaiting: 1 })), 'wrap-up');
    assert.equal(chooseScreen(idleState({ settingsOpen: true, wrapUp })), 'settings');
  });

  it('puts a ringing inbound call before everything, even a call in progress (call waiting)', () => {
    const ringing = callItem({ callId: 'in', direction: 'inbound', state: 'ringing', answeredAt: null });
    assert.equal(chooseScreen(idleState({ calls: [callItem(), ringing], settingsOpen: true, wrapUp })), 'incoming');
  });

  it('shows the call panel for an outbound call still ringing, and over a pending wrap-up', () => {
    assert.equal(chooseScreen(idleState({ calls: [callItem({ state: 'ringing' })], wrapUp })), 'call');
  });

  it('focuses the chosen call while it lives, the newest otherwise', () => {
    const calls = [callItem({ callId: 'a' }), callItem({ callId: 'b' })];
    assert.equal(focusedCall(idleState({ calls, focusedCallId: 'a' }))?.callId, 'a');
    assert.equal(focusedCall(idleState({ calls, focusedCallId: 'gone' }))?.callId, 'b');
    assert.equal(focusedCall(idleState()), null);
  });
});
