import type { CallLog } from '../call-log.js';
import { CALL_RESULT_WORDS } from '../call-result-words.js';
import { isRecordId } from './salesforce-record-id.js';
import { taskDescription } from './salesforce-task-description.js';

/** The Task field that marks an activity as a call; Salesforce sets it on insert only (see `salesforce-call-log-upsert.ts`). */
export const TASK_SUBTYPE = 'TaskSubtype';

/** One record of an sObject Collections upsert body, e.g. `{attributes: {type: 'Task'}, CTI_Call_Id__c: '...', ...}`. */
export type TaskRecord = Readonly<Record<string, unknown>>;

/**
 * The Task for one call log, keyed by `callIdField` (the External ID holding the SIP Call-ID):
 * `Subject`, `TaskSubtype: 'Call'` (only when `withSubtype`), `CallType` (`Inbound`/`Outbound`),
 * `CallDurationInSeconds` (talk time), `CallDisposition` (the agent's disposition, else the result in words),
 * `CallObject` (the Call-ID), `Description` (see `taskDescription`), `Status: 'Completed'`, `ActivityDate` (the UTC
 * day the call started), `WhoId` (Contact or Lead) or `WhatId` (Account), `OwnerId`.
 *
 * Promises: a field the log does not know is left out, never sent as null, so an update never clears what a user set
 * in Salesforce (a related record, an owner); a related record or owner id that cannot be a Salesforce id is left out
 * rather than failing the item with `MALFORMED_ID`; text is cut to each field's length.
 */
export function taskRecord(log: CallLog, callIdField: string, options: { readonly withSubtype: boolean }): TaskRecord {
  const record: Record<string, unknown> = {
    attributes: { type: 'Task' },
    [callIdField]: log.callId,
    Subject: clip(log.subject, 255),
    ...(options.withSubtype ? { [TASK_SUBTYPE]: 'Call' } : {}),
    CallType: log.direction === 'inbound' ? 'Inbound' : 'Outbound',
    CallDurationInSeconds: Math.max(0, Math.round(log.durationSeconds)),
    CallDisposition: clip(log.disposition?.trim() || CALL_RESULT_WORDS[log.result], 255),
    CallObject: clip(log.callId, 255),
    Description: taskDescription(log),
    Status: 'Completed',
    ActivityDate: new Date(log.startedAt).toISOString().slice(0, 10),
  };
  const related = log.record;
  if (related !== null && isRecordId(related.id, related.objectType)) {
    record[related.objectType === 'Account' ? 'WhatId' : 'WhoId'] = related.id;
  }
  if (log.ownerCrmId !== null && /^(?:[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$/.test(log.ownerCrmId)) {
    record.OwnerId = log.ownerCrmId;
  }
  return record;
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}
