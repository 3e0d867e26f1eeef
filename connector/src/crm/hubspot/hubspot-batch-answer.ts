import { CrmError } from '../crm-error.js';

/** One created or updated object of a batch answer: `{id, properties, objectWriteTraceId?, new?, ...}`. */
export interface BatchResult {
  readonly id: string;
  readonly objectWriteTraceId: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** One error of a batch answer: `{status: 'error', category, message, context: {name: [values]}, errors?: [...]}`. */
export interface BatchError {
  readonly status: string | null;
  readonly category: string;
  readonly message: string;
  /** Every string found in `context` and in the nested `errors[].context`: the values that name the failed items. */
  readonly contextValues: readonly string[];
}

/** A batch answer (200, 201 or 207 multi-status): `{status, results: [...], errors?: [...], numErrors?}`. */
export interface BatchAnswer {
  readonly results: readonly BatchResult[];
  readonly errors: readonly BatchError[];
}

/**
 * Error categories worth retrying unchanged: `RATE_LIMITS`, and `CONFLICT` (two writers created the same unique Call-ID
 * at once; the retry updates the winner's call). An error whose `status` is 429 or 5xx is retried too; every other
 * item error is permanent.
 */
const TRANSIENT_CATEGORIES = new Set(['RATE_LIMITS', 'CONFLICT']);

const MAX_MESSAGE = 300;

/**
 * Reads an objects batch answer. `results` MUST be an array of objects with string `id`s; anything else is
 * `bad-response`. `errors` is optional.
 */
export function readBatchAnswer(body: unknown, what: string): BatchAnswer {
  const answer = body as Record<string, unknown>;
  if (!Array.isArray(answer.results)) throw malformed(what, 'has no results list');
  const results = answer.results.map((raw: unknown): BatchResult => {
    const item = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
    const id = item?.id;
    if (item === null || typeof id !== 'string' || id === '') throw malformed(what, 'has a result without an id');
    const properties = item.properties !== null && typeof item.properties === 'object' ? item.properties : {};
    const trace = typeof item.objectWriteTraceId === 'string' ? item.objectWriteTraceId : null;
    return { id, objectWriteTraceId: trace, properties: properties as Record<string, unknown> };
  });
  return { results, errors: readBatchErrors(body) };
}

/** The `errors` of any batch answer (none when absent). */
export function readBatchErrors(body: unknown): BatchError[] {
  const errors = (body as Record<string, unknown>).errors;
  return Array.isArray(errors) ? errors.map(readError) : [];
}

/** The `keys` an error names in its context (`objectWriteTraceId`, `ids`, ...), in `keys` order. */
export function attributedKeys(error: BatchError, keys: readonly string[]): string[] {
  const named = new Set(error.contextValues);
  return keys.filter((key) => named.has(key));
}

/** Whether an item error is worth retrying (see `TRANSIENT_CATEGORIES`). */
export function isTransient(error: BatchError): boolean {
  const status = Number(error.status);
  return TRANSIENT_CATEGORIES.has(error.category) || status === 429 || status >= 500;
}

/** `CATEGORY: message`, clipped. */
export function errorText(error: BatchError): string {
  const joined = `${error.category}: ${error.message}`;
  return joined.length > MAX_MESSAGE ? `${joined.slice(0, MAX_MESSAGE)}...` : joined;
}

function readError(raw: unknown): BatchError {
  const error = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const values: string[] = [];
  collect(error.context, values);
  if (Array.isArray(error.errors)) for (const detail of error.errors) collect((detail as Record<string, unknown> | null)?.context, values);
  return {
    status: typeof error.status === 'string' || typeof error.status === 'number' ? String(error.status) : null,
    category: typeof error.category === 'string' && error.category !== '' ? error.category : 'UNKNOWN',
    message: typeof error.message === 'string' ? error.message : '',
    contextValues: values,
  };
}

/** Collects the strings of `{name: [values]}` (the documented shape) or of a plain string value. */
function collect(context: unknown, into: string[]): void {
  if (context === null || typeof context !== 'object') return;
  for (const value of Object.values(context as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') into.push(String(value));
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string' || typeof v === 'number') into.push(String(v));
  }
}

export function malformed(what: string, problem: string): CrmError {
  return new CrmError('bad-response', `The HubSpot ${what} answer ${problem}`, { crm: 'hubspot' });
}
