import type { CallDirection, CallRecordRef } from '../domain/call-event.js';
import type { CallResult } from '../domain/call-record.js';

/**
 * One finished call as every CRM adapter receives it to upsert. `callId` is the external id: an adapter MUST upsert
 * on it so that a later wrap-up or correction updates the same activity, never a second one.
 */
export interface CallLog {
  /**
   * The agent's leg of the SIP Call-ID, `<agent>:<Call-ID>` (see `callLegKey`): both agents of an internal call
   * report one Call-ID, and each gets an activity of its own.
   */
  readonly callId: string;
  /** The agent's user id in the CRM (Salesforce OwnerId, HubSpot owner id), or null when unknown. */
  readonly ownerCrmId: string | null;
  readonly direction: CallDirection;
  readonly from: string;
  readonly to: string;
  readonly record: CallRecordRef | null;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string;
  /** Talk time, hold excluded, whole seconds. */
  readonly durationSeconds: number;
  readonly holdSeconds: number;
  readonly result: CallResult;
  readonly sipStatus: number | null;
  readonly disposition: string | null;
  readonly notes: string | null;
  readonly transferTarget: string | null;
  /** One line for the timeline, e.g. `Outbound call to +1 415 555 2671: answered, 3m 12s`. */
  readonly subject: string;
}

/**
 * What became of one log in a batch. `retry`: a transient item error (e.g. `UNABLE_TO_LOCK_ROW`), try that item
 * again later; `rejected`: a permanent item error, to the dead-letter list with `error`.
 */
export type CallLogOutcome =
  | { readonly callId: string; readonly outcome: 'stored'; readonly crmId: string }
  | { readonly callId: string; readonly outcome: 'retry' | 'rejected'; readonly error: { readonly code: string; readonly message: string } };
