import type { Logger } from 'pino';
import type { CallLog, CallLogOutcome } from '../call-log.js';
import { CrmError } from '../crm-error.js';
import { logUpsertSummary } from '../log-upsert-summary.js';
import { sendableCallLogs } from '../sendable-call-logs.js';
import type { HubSpotApiClient } from './hubspot-api-client.js';
import { associateCalls, type CallLink } from './hubspot-associations.js';
import { attributedKeys, errorText, isTransient, readBatchAnswer } from './hubspot-batch-answer.js';
import { callProperties } from './hubspot-call-properties.js';
import { HUBSPOT } from './hubspot-crm-name.js';
import { isHubSpotId } from './hubspot-object-properties.js';

/** HubSpot batch endpoints take at most 100 inputs. */
export const HUBSPOT_MAX_BATCH = 100;

/**
 * Upserts call logs as HubSpot calls keyed by `callIdProperty` (a custom property of calls with unique values), with
 * `POST /crm/v3/objects/calls/batch/upsert`, `{inputs: [{idProperty, id: callId, objectWriteTraceId: callId,
 * properties}]}`, then attaches them to their contact or company (`hubspot-associations.ts`): at most 3 requests per
 * batch.
 *
 * HubSpot answers 200 `{status: 'COMPLETE', results}` or 207 `{results, errors, numErrors}`. Each log's outcome:
 * `stored` when a result carries its Call-ID (as `objectWriteTraceId`, else in `properties[callIdProperty]`) and the
 * association step did not fail it; `retry` or `rejected` when an error names its Call-ID in `context` (see
 * `isTransient`); `retry` (`NOT_CONFIRMED`) when neither: an item HubSpot did not account for is never reported stored.
 * A whole-request failure is thrown (`bad-request` for a 400, e.g. a `VALIDATION_ERROR` of the batch or a
 * `callIdProperty` that is missing or not unique).
 *
 * Logs sharing a Call-ID are sent once (the last wins) and share its outcome; a log whose `startedAt` is not a date is
 * rejected without being sent. Logs carry counts and codes only, never notes, numbers or HubSpot's item messages.
 */
export function createCallUpsert(deps: {
  readonly api: HubSpotApiClient;
  readonly callIdProperty: string;
  readonly logger: Logger;
}): (logs: readonly CallLog[]) => Promise<CallLogOutcome[]> {
  const { api, callIdProperty, logger } = deps;

  return async (logs) => {
    if (logs.length > HUBSPOT_MAX_BATCH) {
      throw new CrmError('bad-request', `At most ${HUBSPOT_MAX_BATCH} call logs per HubSpot upsert`, { crm: 'hubspot' });
    }
    const { sendable, outcomes } = sendableCallLogs(logs);
    if (sendable.length > 0) {
      const stored = await upsert(sendable, outcomes);
      const links = sendable.flatMap((log): CallLink[] => {
        const callObjectId = stored.get(log.callId);
        const record = log.record;
        if (callObjectId === undefined || record === null || record.objectType === 'Lead' || !isHubSpotId(record.id)) return [];
        return [{ callId: log.callId, callObjectId, objectType: record.objectType, recordId: record.id }];
      });
      const failedLinks = links.length > 0 ? await associateCalls(api, links) : new Map<string, CallLogOutcome>();
      for (const [callId, callObjectId] of stored) {
        outcomes.set(callId, failedLinks.get(callId) ?? { callId, outcome: 'stored', crmId: callObjectId });
      }
      logUpsertSummary(logger, HUBSPOT, [...outcomes.values()], { associations: links.length });
    }
    return logs.map((log) => outcomes.get(log.callId)!);
  };

  /** Sends the upsert; fills `outcomes` with item failures and returns the stored calls' HubSpot ids by Call-ID. */
  async function upsert(logs: readonly CallLog[], outcomes: Map<string, CallLogOutcome>): Promise<Map<string, string>> {
    const inputs = logs.map((log) => ({
      idProperty: callIdProperty,
      id: log.callId,
      objectWriteTraceId: log.callId,
      properties: callProperties(log, callIdProperty),
    }));
    let body: unknown;
    try {
      ({ body } = await api.send({ method: 'POST', path: '/crm/v3/objects/calls/batch/upsert', body: { inputs } }, 'upsertCallLogs'));
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'bad-request') {
        const hint = `; check HUBSPOT_CALL_ID_PROPERTY (${callIdProperty}) is a unique-value property of calls`;
        throw new CrmError('bad-request', `${error.message}${hint}`, error.details);
      }
      throw error;
    }
    const answer = readBatchAnswer(body, 'calls upsert');
    const callIds = logs.map((log) => log.callId);
    const known = new Set(callIds);
    const stored = new Map<string, string>();
    for (const result of answer.results) {
      const fromProperty = result.properties[callIdProperty];
      const callId = result.objectWriteTraceId ?? (typeof fromProperty === 'string' ? fromProperty : null);
      if (callId !== null && known.has(callId)) stored.set(callId, result.id);
    }
    const unattributed = answer.errors.filter((error) => attributedKeys(error, callIds).length === 0);
    for (const error of answer.errors) {
      for (const callId of attributedKeys(error, callIds)) {
        if (stored.has(callId)) continue;
        outcomes.set(callId, isTransient(error) ? retry(callId, error.category, errorText(error)) : reject(callId, error.category, errorText(error)));
      }
    }
    for (const callId of callIds) {
      if (stored.has(callId) || outcomes.has(callId)) continue;
      const reason = unattributed.length === 1 ? errorText(unattributed[0]!) : 'HubSpot returned no result or error for this call';
      outcomes.set(callId, retry(callId, 'NOT_CONFIRMED', reason));
    }
    return stored;
  }
}

function retry(callId: string, code: string, message: string): CallLogOutcome {
  return { callId, outcome: 'retry', error: { code, message } };
}

function reject(callId: string, code: string, message: string): CallLogOutcome {
  return { callId, outcome: 'rejected', error: { code, message } };
}
