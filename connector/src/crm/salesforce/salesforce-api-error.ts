import { CrmError } from '../crm-error.js';
import type { SalesforceHttpResult } from './salesforce-transport.js';

/** Salesforce's REST error shape: `[{"message": "...", "errorCode": "INVALID_FIELD", "fields": [...]}]`. */
interface SalesforceApiFault {
  readonly errorCode: string | undefined;
  readonly message: string | undefined;
}

const MAX_MESSAGE = 300;

/**
 * Reads the first error of a REST error body. Tolerant on purpose: a proxy or maintenance page may answer HTML or an
 * OAuth-style `{error, error_description}` object, and the status alone must still map to the right kind.
 */
export function readApiFault(body: string): SalesforceApiFault {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { errorCode: undefined, message: undefined };
  }
  const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  if (first === null || typeof first !== 'object') return { errorCode: undefined, message: undefined };
  const fault = first as Record<string, unknown>;
  const errorCode = stringOrUndefined(fault.errorCode) ?? stringOrUndefined(fault.error);
  const message = stringOrUndefined(fault.message) ?? stringOrUndefined(fault.error_description);
  return { errorCode, message };
}

/**
 * Maps a non-2xx REST answer (other than the 401 the client retries) to the `CrmError` the core acts on:
 * 403 `REQUEST_LIMIT_EXCEEDED` and 429 -> `rate-limited`; other 403s -> `auth` (the integration user lacks a
 * permission); 404 -> `not-found`; 5xx -> `unavailable`; other 4xx -> `bad-request`; anything else -> `bad-response`.
 */
export function apiError(result: SalesforceHttpResult, path: string): CrmError {
  const { status } = result;
  const { errorCode, message } = readApiFault(result.body);
  const details = { crm: 'salesforce', status, ...(errorCode ? { crmCode: errorCode } : {}) };
  const said = faultText(status, errorCode, message);
  if ((status === 403 && errorCode === 'REQUEST_LIMIT_EXCEEDED') || status === 429) {
    return new CrmError('rate-limited', `Salesforce API request limit reached (${said})`, details);
  }
  if (status === 401 || status === 403) {
    return new CrmError(
      'auth',
      `Salesforce refused ${path} (${said}): check the integration user's profile, permission sets and API access`,
      details,
    );
  }
  if (status === 404) return new CrmError('not-found', `Salesforce has nothing at ${path} (${said})`, details);
  if (status >= 500) return new CrmError('unavailable', `Salesforce is unavailable (${said})`, details);
  if (status >= 400) return new CrmError('bad-request', `Salesforce rejected ${path} (${said})`, details);
  return new CrmError('bad-response', `Salesforce answered ${path} with unexpected HTTP ${status}`, details);
}

/**
 * `CODE: message` for an error message, clipped so a verbose page cannot flood logs. Callers scrub secrets from
 * `message` BEFORE this, or a clipped secret would no longer be recognised.
 */
export function faultText(status: number, errorCode: string | undefined, message: string | undefined): string {
  const text = `${errorCode ?? `HTTP ${status}`}${message ? `: ${message}` : ''}`;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
