import type { CallEnd } from '../../../../widget/src/phone/call-state.js';
import type { PhoneCallView } from '../../../../widget/src/phone/phone-call.js';

/** 2026-11-23T10:15:30Z: calls in these tests start then. */
export const CALL_START = Date.UTC(2026, 10, 23, 10, 15, 30);

/** An outbound call from agent `maria` to +1 415 555 2671, just dialled. */
export function outboundCall(callId: string, overrides: Partial<PhoneCallView> = {}): PhoneCallView {
  const base: PhoneCallView = {
    callId,
    direction: 'outbound',
    remote: { uri: 'sip:+14155552671@pbx.demo.test;user=phone', user: '+14155552671', displayName: null },
    local: 'maria',
    state: 'dialing',
    onHold: false,
    muted: false,
    startedAt: CALL_START,
    answeredAt: null,
    endedAt: null,
    end: null,
    problem: null,
    transferredTo: null,
  };
  return Object.assign(base, overrides);
}

/** An inbound call from +44 20 7946 0958 ringing at agent `maria`. */
export function inboundCall(callId: string, overrides: Partial<PhoneCallView> = {}): PhoneCallView {
  return outboundCall(callId, {
    direction: 'inbound',
    remote: { uri: 'sip:+442079460958@pbx.demo.test', user: '+442079460958', displayName: 'Ada Lovelace' },
    state: 'ringing',
    ...overrides,
  });
}

/** `call` answered 2 s after it started. */
export function answered(call: PhoneCallView): PhoneCallView {
  return { ...call, state: 'established', answeredAt: call.startedAt + 2_000 };
}

/** `call` ended with `end`, 60 s after it started. */
export function ended(call: PhoneCallView, end: CallEnd): PhoneCallView {
  return { ...call, state: 'ended', endedAt: call.startedAt + 60_000, end };
}
