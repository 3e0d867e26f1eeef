import type { CallLogOutcome } from '../call-log.js';
import { CrmError } from '../crm-error.js';
import { TASK_SUBTYPE } from './salesforce-task-record.js';

/** One error of an item: `{statusCode: 'UNABLE_TO_LOCK_ROW', message: '...', fields: []}`. */
export interface UpsertItemError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

/** One UpsertResult: `{id, success: true, errors: [], created: true}` or `{success: false, errors: [...]}`. */
export interface UpsertItem {
  readonly success: boolean;
  readonly id: string | null;
  readonly errors: readonly UpsertItemError[];
}

/**
 * Item errors worth trying again unchanged, later:
 * - `UNABLE_TO_LOCK_ROW`: another transaction holds the Task or its Contact/Account; the lock goes when it commits.
 * - `INSERT_UPDATE_DELETE_NOT_ALLOWED_DURING_MAINTENANCE`: the org is read-only for a maintenance window.
 * - `REQUEST_LIMIT_EXCEEDED`, `SERVER_UNAVAILABLE`: a limit or an outage reported on the item rather than the request.
 * `DUPLICATE_VALUE` on the Call-ID field itself is a race too (see `outcomeOf`); every other code is permanent.
 */
const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'INSERT_UPDATE_DELETE_NOT_ALLOWED_DURING_MAINTENANCE',
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
]);

const MAX_MESSAGE = 300;

/**
 * Reads the body of `PATCH .../composite/sobjects/Task/{field}`: a JSON array with one UpsertResult per record, in
 * request order. Anything else (an object, a different length, an item without `success`, a success without `id`) is
 * `bad-response`: the items can no longer be matched to their logs, so none may be reported as stored.
 */
export function readUpsertResults(body: unknown, expected: number): UpsertItem[] {
  if (!Array.isArray(body)) throw malformed('is not an array');
  if (body.length !== expected) throw malformed(`has ${body.length} results for ${expected} records`);
  return body.map((raw: unknown, index): UpsertItem => {
    const item = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
    if (item === null || typeof item.success !== 'boolean') throw malformed(`has no success flag at ${index}`);
    const id = typeof item.id === 'string' && item.id !== '' ? item.id : null;
    if (item.success && id === null) throw malformed(`has a success without an id at ${index}`);
    const errors = Array.isArray(item.errors) ? item.errors.map(readError) : [];
    return { success: item.success, id, errors };
  });
}

/** Stored, retry or rejected, from one item (see `TRANSIENT_CODES`). A failed item without errors is `retry`. */
export function outcomeOf(callId: string, item: UpsertItem, callIdField: string): CallLogOutcome {
  if (item.success && item.id !== null) return { callId, outcome: 'stored', crmId: item.id };
  const first = item.errors[0];
  if (first === undefined) {
    return { callId, outcome: 'retry', error: { code: 'UNKNOWN', message: 'Salesforce reported a failure without an error' } };
  }
  const raceOnCallId = first.statusCode === 'DUPLICATE_VALUE' && first.fields.includes(callIdField);
  const outcome = TRANSIENT_CODES.has(first.statusCode) || raceOnCallId ? 'retry' : 'rejected';
  return { callId, outcome, error: { code: first.statusCode, message: describe(item.errors) } };
}

/**
 * Whether Salesforce refused the item only because it already exists and `TaskSubtype` cannot be updated
 * (`INVALID_FIELD_FOR_INSERT_UPDATE` naming `TaskSubtype`, in `fields` or in the message).
 */
export function refusedSubtypeUpdate(item: UpsertItem): boolean {
  return (
    !item.success &&
    item.errors.length > 0 &&
    item.errors.every(
      (error) =>
        error.statusCode === 'INVALID_FIELD_FOR_INSERT_UPDATE' &&
        (error.fields.includes(TASK_SUBTYPE) || error.message.includes(TASK_SUBTYPE)),
    )
  );
}

function readError(raw: unknown): UpsertItemError {
  const error = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    statusCode: typeof error.statusCode === 'string' && error.statusCode !== '' ? error.statusCode : 'UNKNOWN',
    message: typeof error.message === 'string' ? error.message : '',
    fields: Array.isArray(error.fields) ? error.fields.filter((f): f is string => typeof f === 'string') : [],
  };
}

function describe(errors: readonly UpsertItemError[]): string {
  const text = errors
    .map((e) => `${e.statusCode}: ${e.message}${e.fields.length > 0 ? ` [${e.fields.join(', ')}]` : ''}`)
    .join('; ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text;
}

function malformed(what: string): CrmError {
  return new CrmError('bad-response', `The Salesforce upsert response ${what}`, { crm: 'salesforce', status: 200 });
}
