import type { HostCallEvent, HostRecord } from '../hosts/host-bridge.js';
import type { PhoneCall, PhoneCallView } from '../phone/phone-call.js';
import type { CallItem, RecentCall, WrapUpItem } from '../ui/widget-state.js';

/** What the app knows of a call beyond the phone: who it is in the CRM and what the host has been told. */
export interface CallEntry {
  readonly call: PhoneCall;
  name: string | null;
  /** The number as the agent knows it: what was dialled, or the caller's number. */
  number: string;
  /** What a call back dials: the text the agent or the host dialled, or the caller's number. */
  readonly dialString: string;
  record: HostRecord | null;
  /** A consultation call of an attended transfer: neither the host nor a wrap-up hear of it. */
  readonly consult: boolean;
  /**
   * Host events held back until the host has heard `incoming` (which waits for the reverse lookup), so the host
   * never hears `answered` before `incoming`. Null once they flow.
   */
  hostQueue: HostCallEvent[] | null;
  answered: boolean;
  ended: boolean;
}

/** The result word the recent-calls list and the wrap-up show. */
export function callResult(call: PhoneCallView): string {
  if (call.transferredTo) return 'Transferred';
  if (call.answeredAt !== null) return 'Answered';
  const inbound = call.direction === 'inbound';
  switch (call.end?.cause) {
    case 'busy':
      return 'Busy';
    case 'declined':
      return 'Declined';
    case 'failed':
      return 'Failed';
    case 'no-answer':
      return inbound ? 'Missed' : 'No answer';
    default:
      return inbound ? 'Missed' : 'Cancelled';
  }
}

/** Talk time in whole seconds, null when the call was never answered. */
export function talkSeconds(call: PhoneCallView): number | null {
  if (call.answeredAt === null) return null;
  return Math.max(0, Math.round(((call.endedAt ?? call.answeredAt) - call.answeredAt) / 1000));
}

/** A live call as the panel shows it. */
export function callItem(entry: CallEntry): CallItem {
  const c = entry.call;
  return {
    callId: c.callId,
    direction: c.direction,
    state: c.state,
    onHold: c.onHold,
    muted: c.muted,
    name: entry.name,
    number: entry.number,
    answeredAt: c.answeredAt,
    consult: entry.consult,
  };
}

/** An ended call as the recent-calls list shows it. */
export function recentCall(entry: CallEntry): RecentCall {
  const c = entry.call;
  return {
    callId: c.callId,
    name: entry.name,
    number: entry.number,
    direction: c.direction,
    result: callResult(c),
    durationS: talkSeconds(c),
  };
}

/** An ended call as the wrap-up form names it. */
export function wrapUpItem(entry: CallEntry): WrapUpItem {
  return { callId: entry.call.callId, name: entry.name, number: entry.number, direction: entry.call.direction, result: callResult(entry.call) };
}

/**
 * Whether an ended call asks the agent for a wrap-up: every call the agent placed or took, but not a consultation
 * call (the transferred call has its own) nor an inbound call that was never answered (nothing to note; the host
 * hears `completed` at once). The desk shows the form by it, and the reporter tells the connector by it, so the
 * connector holds the call's log for the wrap-up exactly when the agent sees one.
 */
export function wantsWrapUp(call: PhoneCallView, consult: boolean): boolean {
  if (consult) return false;
  return !(call.direction === 'inbound' && call.answeredAt === null);
}
