import type { CallLog } from '../../../connector/src/crm/call-log.js';
import { answeredCall } from '../crm-test-kit.js';
import { COMPANY_ID, CONTACT_ID } from './hubspot-records.js';

/** Call logs for the HubSpot upsert tests, and HubSpot's documented batch answers. */

export const UPSERT_PATH = '/crm/v3/objects/calls/batch/upsert';
export const CONTACT_LINKS_PATH = '/crm/v4/associations/calls/contacts/batch/create';
export const COMPANY_LINKS_PATH = '/crm/v4/associations/calls/companies/batch/create';
export const CONNECTED = 'f240bbac-87c9-4f6e-bf70-924b57d47db7';

/** An answered outbound call to a contact, with HubSpot's "Connected" outcome as its disposition. */
export function outboundToContact(overrides: Partial<CallLog> = {}): CallLog {
  return answeredCall({
    ownerCrmId: '67890',
    record: { objectType: 'Contact', id: CONTACT_ID },
    disposition: CONNECTED,
    notes: 'Wants a quote <by Monday> & a call back.\nPrefers mornings.',
    ...overrides,
  });
}

/** An inbound call from a company's number, busy on our side, with a disposition of our own (not a HubSpot GUID). */
export function inboundFromCompany(overrides: Partial<CallLog> = {}): CallLog {
  return outboundToContact({
    callId: '3c26f8a1b2@10.0.0.7',
    ownerCrmId: null,
    direction: 'inbound',
    from: '+14155552671',
    to: 'sip:agent7@pbx.demo.test',
    record: { objectType: 'Account', id: COMPANY_ID },
    answeredAt: null,
    durationSeconds: 0,
    holdSeconds: 0,
    result: 'busy',
    sipStatus: 486,
    disposition: 'Call back later',
    notes: null,
    subject: 'Inbound call from +1 415-555-2671: busy',
    ...overrides,
  });
}

/** `count` distinct calls with no related record. */
export function manyLogs(count: number): CallLog[] {
  return Array.from({ length: count }, (_, i) =>
    outboundToContact({ callId: `bulk-${i}@pbx.demo.test`, record: null, notes: null }),
  );
}

/** One upserted call as HubSpot returns it. */
export function upserted(callId: string, id: string, isNew = true) {
  return {
    id,
    properties: { cti_call_id: callId, hs_createdate: '2025-03-15T00:01:30.000Z', hs_object_id: id },
    createdAt: '2025-03-15T00:01:30.000Z',
    updatedAt: '2025-03-15T00:01:30.000Z',
    archived: false,
    new: isNew,
    objectWriteTraceId: callId,
  };
}

/** A complete batch answer. */
export function complete(results: unknown[]) {
  const at = '2025-03-15T00:01:30.000Z';
  return { status: 'COMPLETE', results, requestedAt: at, startedAt: at, completedAt: at };
}

/** A 207 multi-status answer. */
export function multiStatus(results: unknown[], errors: unknown[]) {
  return { ...complete(results), numErrors: errors.length, errors };
}

/** One item error of a batch answer. */
export function itemError(category: string, message: string, context: Record<string, string[]>) {
  return { status: 'error', category, message, context, errors: [], links: {} };
}

/** One confirmed association of a v4 batch create answer. */
export function linked(callObjectId: string, toObjectId: string, toObjectTypeId = '0-1') {
  return { fromObjectTypeId: '0-48', fromObjectId: Number(callObjectId), toObjectTypeId, toObjectId: Number(toObjectId), labels: [] };
}
