import axios, { type AxiosInstance } from 'axios';
import { CrmError } from '../crm-error.js';
import { isSecureOrLoopback } from '../secure-url.js';
import { sendCrmRequest, type CrmHttpResult } from '../send-crm-request.js';
import { callingSettingsError } from './hubspot-calling-settings-error.js';
import {
  callingSettingsAnswerSchema,
  differingFields,
  type HubSpotCallingSettings,
  type HubSpotCallingSettingsAnswer,
} from './hubspot-calling-settings-schema.js';
import { HUBSPOT } from './hubspot-crm-name.js';

export const DEFAULT_HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';

const TIMEOUT_MS = 15_000;

/** What `registerCallingSettings` needs. */
export interface RegisterCallingSettingsOptions {
  /** The HubSpot app's id (digits), shown on the app's page in the developer account. */
  readonly appId: string | number;
  /**
   * The developer account's API key. The calling settings API takes only this (as the `hapikey` query parameter), not
   * an app's OAuth token. It MUST NOT appear in logs or errors.
   */
  readonly developerApiKey: string;
  /** What the app's settings must be afterwards (see `parseCallingSettings`). */
  readonly settings: HubSpotCallingSettings;
  /** Default `https://api.hubapi.com`; plain http only to this machine (a local stand-in). */
  readonly baseUrl?: string;
  /** Default: axios with a 15 s limit per request. */
  readonly http?: AxiosInstance;
}

/** What was done and what HubSpot holds now, as it answered (with `createdAt` and `updatedAt`). */
export interface CallingSettingsRegistration {
  /** `created` (POST), `updated` (PATCH), or `unchanged` when HubSpot already held exactly `settings`. */
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly settings: HubSpotCallingSettingsAnswer;
}

/**
 * Makes a HubSpot app's calling-extension settings equal `settings`, idempotently:
 * `GET /crm/v3/extensions/calling/{appId}/settings`; a 404 means none yet, so `POST` them; an answer that differs in
 * any field gets a `PATCH` with the whole of `settings` (the file is the source of truth, so one request puts every
 * field right whatever HubSpot held); an answer equal in every field is left alone, with no write, so running it twice
 * changes nothing and does not touch `updatedAt`.
 *
 * The write's answer MUST echo `settings`, or this throws `bad-response` naming the fields HubSpot kept otherwise.
 * A 404 from POST means the app does not exist for this key. Every failure is a `CrmError` (see
 * `callingSettingsError`; transport failures are `unavailable` or `timeout`), and none quotes the key: it travels only
 * in the query string, and this function logs nothing.
 */
export async function registerCallingSettings(options: RegisterCallingSettingsOptions): Promise<CallingSettingsRegistration> {
  const appId = String(options.appId).trim();
  if (!/^[1-9]\d{0,9}$/.test(appId)) {
    throw new CrmError('bad-request', 'The HubSpot app id must be the digits shown on the app in the developer account', { crm: HUBSPOT.id });
  }
  const key = options.developerApiKey.trim();
  if (key === '') throw new CrmError('auth', 'No HubSpot developer API key was given', { crm: HUBSPOT.id });
  const baseUrl = checkedBaseUrl(options.baseUrl ?? DEFAULT_HUBSPOT_API_BASE_URL);
  const http = options.http ?? axios.create({ timeout: TIMEOUT_MS });
  const url = `${baseUrl}/crm/v3/extensions/calling/${appId}/settings?hapikey=${encodeURIComponent(key)}`;

  const send = async (method: 'GET' | 'POST' | 'PATCH', body?: HubSpotCallingSettings): Promise<CrmHttpResult> =>
    sendCrmRequest(
      http,
      {
        method,
        url,
        headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { data: JSON.stringify(body) } : {}),
      },
      HUBSPOT,
    );

  const current = await send('GET');
  if (current.status === 404) {
    const created = await send('POST', options.settings);
    return { action: 'created', settings: confirmed(created, options.settings, appId, key) };
  }
  if (current.status !== 200) throw callingSettingsError(current, appId, key);
  const held = readAnswer(current, appId);
  if (differingFields(options.settings, held).length === 0) return { action: 'unchanged', settings: held };
  const updated = await send('PATCH', options.settings);
  return { action: 'updated', settings: confirmed(updated, options.settings, appId, key) };
}

/** `raw` without a trailing slash, when credentials may be sent there (https, or http to this machine). */
function checkedBaseUrl(raw: string): string {
  let parsed: URL | null;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = null;
  }
  if (parsed === null || !isSecureOrLoopback(parsed)) {
    throw new CrmError('bad-request', 'The HubSpot API base URL must be an https URL such as https://api.hubapi.com', { crm: HUBSPOT.id });
  }
  return raw.replace(/\/+$/, '');
}

/** The answer to a write, checked to hold what was sent. */
function confirmed(result: CrmHttpResult, wanted: HubSpotCallingSettings, appId: string, key: string): HubSpotCallingSettingsAnswer {
  if (result.status !== 200 && result.status !== 201) throw callingSettingsError(result, appId, key);
  const answer = readAnswer(result, appId);
  const differing = differingFields(wanted, answer);
  if (differing.length > 0) {
    throw new CrmError(
      'bad-response',
      `HubSpot accepted the calling settings of app ${appId} but answered with different ${differing.join(', ')}`,
      { crm: HUBSPOT.id, status: result.status },
    );
  }
  return answer;
}

function readAnswer(result: CrmHttpResult, appId: string): HubSpotCallingSettingsAnswer {
  let body: unknown;
  try {
    body = JSON.parse(result.body);
  } catch {
    body = undefined;
  }
  const parsed = callingSettingsAnswerSchema.safeParse(body);
  if (!parsed.success) {
    throw new CrmError('bad-response', `HubSpot answered the calling settings of app ${appId} with something that is not settings`, {
      crm: HUBSPOT.id,
      status: result.status,
    });
  }
  return parsed.data;
}
