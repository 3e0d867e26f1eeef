import { CrmError } from '../crm-error.js';
import type { HubSpotHttpResult } from './hubspot-transport.js';

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

const MAX_MESSAGE = 300;

/** Reads an error body tolerantly: a proxy may answer HTML, and the status alone must still map to the right kind. */
export function readFault(body: string): HubSpotFault {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { code: undefined, message: undefined, policyName: undefined };
  }
  const fault = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const status = text(fault.status);
  return {
    code: text(fault.category) ?? text(fault.errorType) ?? (status !== 'error' ? status : undefined),
    message: text(fault.message),
    policyName: text(fault.policyName),
  };
}

/**
 * Maps a non-2xx answer (other than a 401 the client retries) to the `CrmError` the core acts on: 429 ->
 * `rate-limited`; 401, 403 (missing scopes) -> `auth`; 404 -> `not-found`; 5xx -> `unavailable`; other 4xx ->
 * `bad-request`; anything else -> `bad-response`. `secrets` are scrubbed from HubSpot's message before it is clipped.
 */
export function apiError(result: HubSpotHttpResult, path: string, secrets: readonly string[] = []): CrmError {
  const { status } = result;
  const fault = readFault(result.body);
  const details = { crm: 'hubspot', status, ...(fault.code ? { crmCode: fault.code } : {}) };
  const said = faultText(status, fault.code, fault.message && scrub(fault.message, secrets));
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

/** `CODE: message`, clipped so a verbose page cannot flood logs. */
export function faultText(status: number, code: string | undefined, message: string | undefined): string {
  const joined = `${code ?? `HTTP ${status}`}${message ? `: ${message}` : ''}`;
  return joined.length > MAX_MESSAGE ? `${joined.slice(0, MAX_MESSAGE)}...` : joined;
}

/** Replaces every secret of 8 characters or more in `message` with `[redacted]`. */
export function scrub(message: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret.length >= 8 ? out.split(secret).join('[redacted]') : out), message);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
