import type { CallLog } from '../crm/call-log.js';
import type { CallRecord } from './call-record.js';
import { callLogSubject } from './call-log-subject.js';

/**
 * The CRM activity for a call record, or null while there is nothing to log yet.
 *
 * Null when the call has not ended (no `endedAt`/`result`): the outbox waits for the `ended` event, which the
 * heartbeat reaper eventually supplies. Also null when the call ended but no `dialing`/`ringing` has been seen yet
 * (direction or parties unknown): events arrive out of order, so the outbox waits for it rather than log a call with
 * no direction. Otherwise every field is copied from the record (`durationSeconds` is `talkSeconds`) and `subject` is
 * {@link callLogSubject}. Pure; MUST NOT throw.
 *
 * `CallLog` is imported as a type only (erased at run time): the domain depends on no other folder's code.
 */
export function callLogFromRecord(record: CallRecord, ownerCrmId: string | null): CallLog | null {
  const { direction, from, to, startedAt, endedAt, result } = record;
  if (endedAt === null || result === null || direction === null || from === null || to === null) {
    return null;
  }
  return {
    callId: record.callId,
    ownerCrmId,
    direction,
    from,
    to,
    record: record.record,
    startedAt: startedAt ?? endedAt,
    answeredAt: record.answeredAt,
    endedAt,
    durationSeconds: record.talkSeconds,
    holdSeconds: record.holdSeconds,
    result,
    sipStatus: record.sipStatus,
    disposition: record.disposition,
    notes: record.notes,
    transferTarget: record.transferTarget,
    subject: callLogSubject({ direction, from, to, result, talkSeconds: record.talkSeconds }),
  };
}
