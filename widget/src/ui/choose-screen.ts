import type { CallItem, WidgetState } from './widget-state.js';

export type Screen = 'sign-in' | 'no-phone' | 'settings' | 'incoming' | 'call' | 'wrap-up' | 'dial';

/**
 * The one screen the panel shows for a state. A ringing call comes before everything the agent is doing, so it is
 * never missed; a call in progress comes before its wrap-up and before the device settings. A session that ended
 * during a call keeps the call screens (full control, and a call that rings can be answered: the phone is still
 * registered); the sign-in screen comes once the calls are over.
 */
export function chooseScreen(state: WidgetState): Screen {
  const signedOut = state.session === 'signed-out' || state.session === 'signing-in';
  if (signedOut && state.calls.length === 0) return 'sign-in';
  if (state.session === 'no-phone') return 'no-phone';
  if (ringingCall(state)) return 'incoming';
  if (state.calls.length > 0) return 'call';
  if (state.settingsOpen) return 'settings';
  if (state.wrapUp) return 'wrap-up';
  return 'dial';
}

/** The oldest inbound call still ringing: the one the incoming screen offers. */
export function ringingCall(state: WidgetState): CallItem | null {
  return state.calls.find((c) => c.direction === 'inbound' && c.state === 'ringing') ?? null;
}

/** The call the in-call panel shows: the focused one while it lives, else the newest. */
export function focusedCall(state: WidgetState): CallItem | null {
  return state.calls.find((c) => c.callId === state.focusedCallId) ?? state.calls[state.calls.length - 1] ?? null;
}
