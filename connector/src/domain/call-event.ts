/**
 * What a widget reports about one call, keyed by the SIP Call-ID. Events are facts with an id: the same event may
 * arrive twice and events may arrive out of order, so everything built from them (the call record) MUST be a function
 * of the set of events, not of their arrival order.
 */
export const CALL_EVENT_TYPES = [
  'dialing',
  'ringing',
  'answered',
  'held',
  'resumed',
  'transferred',
  'ended',
  'wrapup',
  'heartbeat',
] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

export type CallDirection = 'inbound' | 'outbound';

/** The CRM record a call concerns, as the host CRM named it when the agent clicked or the call popped. */
export interface CallRecordRef {
  readonly objectType: 'Contact' | 'Lead' | 'Account';
  readonly id: string;
}

/** Why a call ended, as the widget saw it. `sipStatus` is the final response code when there was one. */
export type EndCause =
  | 'hangup' // an established call was hung up (by `hungUpBy`)
  | 'cancelled' // the caller gave up before answer
  | 'busy'
  | 'no-answer'
  | 'declined'
  | 'failed'
  | 'heartbeat-timeout'; // set by the connector, never by a widget: the widget stopped reporting

interface EventBase {
  /** Unique per event (a UUID from the widget): the idempotency key. */
  readonly eventId: string;
  readonly callId: string;
  /** The agent, taken from the authenticated caller, never from the body. */
  readonly agentId: string;
  /** When it happened, by the widget's clock (ISO 8601). */
  readonly occurredAt: string;
}

export type CallEvent =
  | (EventBase & {
      readonly type: 'dialing' | 'ringing';
      readonly direction: CallDirection;
      /** Caller and callee as numbers or SIP URIs; for outbound `to` is the dialled E.164 or extension. */
      readonly from: string;
      readonly to: string;
      readonly record: CallRecordRef | null;
    })
  | (EventBase & { readonly type: 'answered' | 'held' | 'resumed' | 'heartbeat' })
  | (EventBase & { readonly type: 'transferred'; readonly target: string; readonly mode: 'blind' | 'attended' })
  | (EventBase & {
      readonly type: 'ended';
      readonly cause: EndCause;
      readonly sipStatus: number | null;
      readonly hungUpBy: 'agent' | 'remote' | 'system' | null;
      /** The widget showed the agent a wrap-up form for this call; absent from older widgets and the connector's own ends. */
      readonly wrapUp?: boolean;
    })
  | (EventBase & { readonly type: 'wrapup'; readonly disposition: string | null; readonly notes: string | null });
