import { CrmError } from '../crm-error.js';
import { faultText } from '../fault-text.js';
import { nonEmptyString } from '../non-empty-string.js';
import { scrubSecrets } from '../scrub-secrets.js';
import type { CrmHttpResult } from '../send-crm-request.js';

/**
 * The parts of a HubSpot error body we act on. API errors look like
 * `{"status":"error","message":"...","correlationId":"...","category":"VALIDATION_ERROR"}`; rate limits add
 * `"errorType":"RATE_LIMIT","policyName":"SECONDLY"`; the OAuth endpoint answers `{"status":"BAD_REFRESH_TOKEN",...}`.
 */
export interface HubSpotFault {
  /** `category`, else `errorType`, else a `status` other than `error` (the OAuth codes). */
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly policyName: string | undefined;
}

/** Reads an error body tolerantly: a proxy may answer HTML, and the status alone must still map to the right kind. */
export function readFault(body: string): HubSpotFault {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { code: undefined, message: undefined, policyName: undefined };
  }
  const fault = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const status = nonEmptyString(fault.status);
  return {
    code: nonEmptyString(fault.category) ?? nonEmptyString(fault.errorType) ?? (status !== 'error' ? status : undefined),
    message: nonEmptyString(fault.message),
    policyName: nonEmptyString(fault.policyName),
  };
}

/**
 * Maps a non-2xx answer (other than a 401 the client retries) to the `CrmError` the core acts on: 429 ->
 * `rate-limited`; 401, 403 (missing scopes) -> `auth`; 404 -> `not-found`; 5xx -> `unavailable`; other 4xx ->
 * `bad-request`; anything else -> `bad-response`. `secrets` are scrubbed from HubSpot's message before it is clipped.
 */
export function apiError(result: CrmHttpResult, path: string, secrets: readonly string[] = []): CrmError {
  const { status } = result;
  const fault = readFault(result.body);
  const details = { crm: 'hubspot', status, ...(fault.code ? { crmCode: fault.code } : {}) };
  const said = faultText(status, fault.code, fault.message && scrubSecrets(fault.message, secrets));
  if (status === 429) {
    const policy = fault.policyName ? ` ${fault.policyName.toLowerCase()}` : '';
    return new CrmError('rate-limited', `HubSpot${policy} rate limit reached (${said})`, details);
  }
  if (status === 401 || status === 403) {
    return new CrmError('auth', `HubSpot refused ${path} (${said}): check the token and the app's scopes`, details);
  }
  if (status === 404) return new CrmError('not-found', `HubSpot has nothing at ${path} (${said})`, details);
  if (status >= 500) return new CrmError('unavailable', `HubSpot is unavailable (${said})`, details);
  if (status >= 400) return new CrmError('bad-request', `HubSpot rejected ${path} (${said})`, details);
  return new CrmError('bad-response', `HubSpot answered ${path} with unexpected HTTP ${status}`, details);
}
