import type { Logger } from 'pino';
import type { CallLog, CallLogOutcome } from '../call-log.js';
import { CrmError } from '../crm-error.js';
import { logUpsertSummary } from '../log-upsert-summary.js';
import { sendableCallLogs } from '../sendable-call-logs.js';
import type { SalesforceApiClient } from './salesforce-api-client.js';
import { SALESFORCE } from './salesforce-crm-name.js';
import { taskRecord } from './salesforce-task-record.js';
import { outcomeOf, readUpsertResults, refusedSubtypeUpdate, type UpsertItem } from './salesforce-upsert-result.js';

/** sObject Collections take at most 200 records per request. */
export const SALESFORCE_MAX_BATCH = 200;

/**
 * Upserts call logs as Tasks keyed by the External ID `callIdField`, through
 * `PATCH /composite/sobjects/Task/{callIdField}` with `{allOrNone: false, records}` (API v46+). Salesforce answers 200
 * even when items fail, one UpsertResult per record in request order; `salesforce-upsert-result.ts` maps each one.
 *
 * `TaskSubtype` can be set on insert but not updated, and one upsert cannot know which records exist. So the first
 * request sends `TaskSubtype: 'Call'` for every log (new calls get the call icon and count as calls), and the items
 * Salesforce refuses with `INVALID_FIELD_FOR_INSERT_UPDATE` on `TaskSubtype` (calls that already exist: a wrap-up or
 * correction) are sent again at once without it. That second request only happens when such items exist; the rest of
 * the Task is updated in full.
 *
 * Promises: one outcome per log; logs sharing a Call-ID are sent once (the last one wins) and share its outcome; a
 * log whose `startedAt` is not a date is `rejected` without being sent; a failure of a whole request is thrown as
 * `CrmError` (a missing External ID field or an API version before 46 is `bad-request` naming `SF_CALL_ID_FIELD`).
 * Logs carry counts and codes only, never notes, numbers or Salesforce's item messages.
 */
export function createCallLogUpsert(deps: {
  readonly api: SalesforceApiClient;
  readonly callIdField: string;
  readonly logger: Logger;
}): (logs: readonly CallLog[]) => Promise<CallLogOutcome[]> {
  const { api, callIdField, logger } = deps;

  const upsert = async (logs: readonly CallLog[], withSubtype: boolean): Promise<UpsertItem[]> => {
    const records = logs.map((log) => taskRecord(log, callIdField, { withSubtype }));
    const resource = `/composite/sobjects/Task/${encodeURIComponent(callIdField)}`;
    let body: unknown;
    try {
      body = await api.send({ method: 'PATCH', resource, body: { allOrNone: false, records } }, 'upsertCallLogs');
    } catch (error) {
      throw missingField(error, callIdField);
    }
    return readUpsertResults(body, logs.length);
  };

  return async (logs) => {
    if (logs.length > SALESFORCE_MAX_BATCH) {
      throw new CrmError('bad-request', `At most ${SALESFORCE_MAX_BATCH} call logs per Salesforce upsert`, { crm: 'salesforce' });
    }
    const { sendable, outcomes } = sendableCallLogs(logs);
    if (sendable.length > 0) {
      const items = await upsert(sendable, true);
      const existing = sendable.filter((_, index) => refusedSubtypeUpdate(items[index]!));
      const again = existing.length > 0 ? await upsert(existing, false) : [];
      let next = 0;
      sendable.forEach((log, index) => {
        const item = refusedSubtypeUpdate(items[index]!) ? again[next++]! : items[index]!;
        outcomes.set(log.callId, outcomeOf(log.callId, item, callIdField));
      });
      logUpsertSummary(logger, SALESFORCE, [...outcomes.values()], { resentWithoutSubtype: existing.length });
    }
    return logs.map((log) => outcomes.get(log.callId)!);
  };
}

/** A 404 on the collection resource means the field or the resource is unknown to the org, not a missing record. */
function missingField(error: unknown, callIdField: string): unknown {
  if (!(error instanceof CrmError) || error.kind !== 'not-found') return error;
  return new CrmError(
    'bad-request',
    `Salesforce cannot upsert Tasks on ${callIdField}: check SF_CALL_ID_FIELD names an External ID field on Activity ` +
      'and SF_API_VERSION is 46.0 or later',
    error.details,
  );
}
