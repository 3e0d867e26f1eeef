import { CrmError } from '../crm-error.js';
import { faultText } from '../fault-text.js';
import { nonEmptyString } from '../non-empty-string.js';
import { scrubSecrets } from '../scrub-secrets.js';
import type { CrmHttpResult } from '../send-crm-request.js';
import { readFault } from './hubspot-api-error.js';

/** At most this many of HubSpot's per-field `errors[].message` are quoted after its main message. */
const MAX_DETAILS = 3;

/**
 * Maps a refusal of the calling settings API to a `CrmError` an admin can act on: 401 -> `auth` naming
 * HUBSPOT_DEVELOPER_API_KEY; 403 -> `auth` (the key's account does not own the app); 404 -> `not-found` naming the
 * app id; 429 -> `rate-limited`; 5xx -> `unavailable`; other 4xx -> `bad-request` quoting HubSpot's message and
 * per-field errors (a `VALIDATION_ERROR` says which setting it refused). The key is scrubbed from everything quoted.
 */
export function callingSettingsError(result: CrmHttpResult, appId: string, developerApiKey: string): CrmError {
  const { status } = result;
  const fault = readFault(result.body);
  const details = { crm: 'hubspot', status, ...(fault.code ? { crmCode: fault.code } : {}) };
  const message = [fault.message, ...fieldErrors(result.body, fault.message)].filter(Boolean).join('; ');
  const said = faultText(status, fault.code, message === '' ? undefined : scrubSecrets(message, [developerApiKey]));
  if (status === 401) {
    return new CrmError(
      'auth',
      `HubSpot refused the developer API key (${said}): HUBSPOT_DEVELOPER_API_KEY must be the developer API key of the ` +
        `developer account that owns app ${appId}`,
      details,
    );
  }
  if (status === 403) {
    return new CrmError('auth', `HubSpot did not let this developer API key manage app ${appId} (${said})`, details);
  }
  if (status === 404) {
    return new CrmError(
      'not-found',
      `HubSpot has no app ${appId} in the developer account of this API key (${said}): check --app-id`,
      details,
    );
  }
  if (status === 429) return new CrmError('rate-limited', `HubSpot is limiting requests (${said}): try again shortly`, details);
  if (status >= 500) return new CrmError('unavailable', `HubSpot is unavailable (${said})`, details);
  if (status >= 400) return new CrmError('bad-request', `HubSpot rejected the calling settings for app ${appId} (${said})`, details);
  return new CrmError('bad-response', `HubSpot answered the calling settings of app ${appId} with unexpected HTTP ${status}`, details);
}

/** `errors[].message` of a HubSpot error body that the main message does not already say. */
function fieldErrors(body: string, main: string | undefined): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const errors = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).errors : undefined;
  if (!Array.isArray(errors)) return [];
  const messages = errors
    .map((error: unknown) => (error !== null && typeof error === 'object' ? nonEmptyString((error as Record<string, unknown>).message) : undefined))
    .filter((text): text is string => text !== undefined && !(main ?? '').includes(text));
  return [...new Set(messages)].slice(0, MAX_DETAILS);
}
