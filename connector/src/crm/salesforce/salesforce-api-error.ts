import { CrmError } from '../crm-error.js';
import { faultText } from '../fault-text.js';
import { nonEmptyString } from '../non-empty-string.js';
import type { CrmHttpResult } from '../send-crm-request.js';

/** Salesforce's REST error shape: `[{"message": "...", "errorCode": "INVALID_FIELD", "fields": [...]}]`. */
interface SalesforceApiFault {
  readonly errorCode: string | undefined;
  readonly message: string | undefined;
}

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
  const errorCode = nonEmptyString(fault.errorCode) ?? nonEmptyString(fault.error);
  const message = nonEmptyString(fault.message) ?? nonEmptyString(fault.error_description);
  return { errorCode, message };
}

/**
 * Maps a non-2xx REST answer (other than the 401 the client retries) to the `CrmError` the core acts on:
 * 403 `REQUEST_LIMIT_EXCEEDED` and 429 -> `rate-limited`; other 403s -> `auth` (the integration user lacks a
 * permission); 404 -> `not-found`; 5xx -> `unavailable`; other 4xx -> `bad-request`; anything else -> `bad-response`.
 */
export function apiError(result: CrmHttpResult, path: string): CrmError {
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
