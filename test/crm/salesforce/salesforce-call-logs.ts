import type { CallLog } from '../../../connector/src/crm/call-log.js';
import { answeredCall } from '../crm-test-kit.js';
import { ACCOUNT_ID, CONTACT_ID, LEAD_ID } from './salesforce-records.js';

/** Call logs as the outbox hands them to `upsertCallLogs`, and the Salesforce answers to an upsert. */

export const OWNER_ID = '005xx000001Sv6eAAC';
export const UPSERT_PATH = '/services/data/v62.0/composite/sobjects/Task/CTI_Call_Id__c';

/** An outbound call to a Contact, answered, with a disposition and notes, that started late on 14 March (UTC). */
export function outboundToContact(overrides: Partial<CallLog> = {}): CallLog {
  return answeredCall({
    ownerCrmId: OWNER_ID,
    record: { objectType: 'Contact', id: CONTACT_ID },
    disposition: 'Interested',
    notes: 'Wants a quote.\nCall back Monday.',
    ...overrides,
  });
}

/** An inbound call from a Lead that the agent put on hold, then transferred; no disposition. */
export function inboundFromLead(overrides: Partial<CallLog> = {}): CallLog {
  return outboundToContact({
    callId: '3c26f8a1b2@10.0.0.7',
    ownerCrmId: null,
    direction: 'inbound',
    from: '+14155552671',
    to: 'sip:agent7@pbx.demo.test',
    record: { objectType: 'Lead', id: LEAD_ID },
    startedAt: '2025-03-15T09:00:00.000Z',
    durationSeconds: 65,
    holdSeconds: 30,
    disposition: null,
    notes: null,
    transferTarget: '+14155550100',
    subject: 'Inbound call from +1 415-555-2671: answered, 1m 5s',
    ...overrides,
  });
}

/** A busy outbound call to an Account. */
export function busyToAccount(overrides: Partial<CallLog> = {}): CallLog {
  return outboundToContact({
    callId: 'busy-1@pbx.demo.test',
    record: { objectType: 'Account', id: ACCOUNT_ID },
    answeredAt: null,
    durationSeconds: 0,
    result: 'busy',
    sipStatus: 486,
    disposition: null,
    notes: null,
    subject: 'Outbound call to +49 30 901820: busy',
    ...overrides,
  });
}

/** `count` distinct outbound calls with no related record. */
export function manyLogs(count: number): CallLog[] {
  return Array.from({ length: count }, (_, i) =>
    outboundToContact({ callId: `bulk-${i}@pbx.demo.test`, record: null, notes: null, disposition: null }),
  );
}

/** A successful UpsertResult. */
export function created(id: string, isNew = true) {
  return { id, success: true, errors: [], created: isNew };
}

/** A failed UpsertResult with one error. */
export function failed(statusCode: string, message: string, fields: string[] = []) {
  return { success: false, errors: [{ statusCode, message, fields }] };
}

/** What Salesforce answers for an existing Task when the body sets `TaskSubtype`. */
export const SUBTYPE_NOT_UPDATABLE = failed(
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'Unable to create/update fields: TaskSubtype. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
  ['TaskSubtype'],
);
