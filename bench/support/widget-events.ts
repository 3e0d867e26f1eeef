import { randomBytes, randomUUID } from 'node:crypto';

/** An outbound call as the widget reports it: the SIP Call-ID, its parties and the CRM record it was dialled from. */
export interface ReportedCall {
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly record: { readonly objectType: 'Contact' | 'Lead' | 'Account'; readonly id: string } | null;
}

export type ReportedEventType = 'dialing' | 'ringing' | 'answered' | 'heartbeat' | 'ended' | 'wrapup';

/**
 * What one widget posts to `/api/v1/calls/events` over an outbound call, in order: the widget's CallReporter
 * (widget/src/app/call-reporter.ts) reports each change as it happens and its EventSender posts at once, so in practice
 * every request carries one event. Four heartbeats are a two-minute call at the default 30 s interval.
 */
export const CALL_LIFE: readonly ReportedEventType[] = ['dialing', 'ringing', 'answered', 'heartbeat', 'heartbeat', 'heartbeat', 'heartbeat', 'ended', 'wrapup'];

/** A Call-ID shaped as sip.js makes them: random letters and digits. */
export function newCallId(): string {
  return `${randomBytes(16).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** The request body of one event, with a fresh event id (a UUID, as the widget's) and the time now. */
export function eventsBody(call: ReportedCall, type: ReportedEventType): { events: [Record<string, unknown>] } {
  const base = { eventId: randomUUID(), callId: call.callId, occurredAt: new Date().toISOString() };
  return { events: [{ ...base, ...fieldsOf(call, type) }] };
}

function fieldsOf(call: ReportedCall, type: ReportedEventType): Record<string, unknown> {
  switch (type) {
    case 'dialing':
    case 'ringing':
      return { type, direction: 'outbound', from: call.from, to: call.to, record: call.record };
    case 'ended':
      return { type, cause: 'hangup', sipStatus: null, hungUpBy: 'agent' };
    case 'wrapup':
      return { type, disposition: 'Connected', notes: 'Asked for a quote for the spring order; call back Tuesday.' };
    default:
      return { type };
  }
}
