import type { CallDirection, CallRecordRef, EndCause } from './call-event.js';

/**
 * The lifecycle of a call as its events tell it.
 *
 *   dialing ──> ringing ──> talking <──> held
 *      │           │           │          │
 *      └───────────┴─────┬─────┴──────────┘
 *                        v
 *                      ended ──> wrapped-up
 */
export type CallState = 'dialing' | 'ringing' | 'talking' | 'held' | 'ended' | 'wrapped-up';

/** How the call turned out, as the CRM activity shows it. */
export type CallResult = 'answered' | 'no-answer' | 'busy' | 'declined' | 'cancelled' | 'failed' | 'abandoned';

/** One call folded from its events. */
export interface CallRecord {
  readonly callId: string;
  readonly agentId: string;
  readonly state: CallState;
  readonly direction: CallDirection | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly record: CallRecordRef | null;
  readonly startedAt: string | null;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
  /** Answer to end, hold excluded, whole seconds. 0 for calls never answered. */
  readonly talkSeconds: number;
  /** Time on hold, whole seconds. */
  readonly holdSeconds: number;
  readonly result: CallResult | null;
  readonly endCause: EndCause | null;
  readonly sipStatus: number | null;
  readonly hungUpBy: 'agent' | 'remote' | 'system' | null;
  readonly disposition: string | null;
  readonly notes: string | null;
  /** When the wrap-up `disposition` and `notes` come from was saved (that `wrapup` event's time); null without one. */
  readonly wrappedUpAt: string | null;
  readonly transferTarget: string | null;
  /** The latest `occurredAt` of any event: what the heartbeat timeout measures from. */
  readonly lastEventAt: string;
}
