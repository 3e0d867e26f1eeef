import axios from 'axios';
import type { Logger } from 'pino';
import type { CrmAdapter } from '../crm-adapter.js';
import { CrmError } from '../crm-error.js';
import { CRM_OBJECT_TYPES, type CrmMatch } from '../crm-record.js';
import { loggedRead } from '../logged-read.js';
import { createApiClient, type SalesforceApiClient } from './salesforce-api-client.js';
import { createCallLogUpsert, SALESFORCE_MAX_BATCH } from './salesforce-call-log-upsert.js';
import { SALESFORCE } from './salesforce-crm-name.js';
import { selectList } from './salesforce-object-fields.js';
import { matchingPhone } from './salesforce-phone-match.js';
import { phoneSearchSosl } from './salesforce-phone-search.js';
import { isRecordId } from './salesforce-record-id.js';
import { recordType, toCrmRecord } from './salesforce-record-mapper.js';
import { createTokenRequest } from './salesforce-token-request.js';
import { createTokenSource } from './salesforce-token-source.js';

/** How the connector reaches one Salesforce org. Built and validated by the config; secrets live only here. */
export interface SalesforceSettings {
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or a My Domain URL. */
  readonly loginUrl: string;
  /** REST API version without the `v`, e.g. `62.0`. */
  readonly apiVersion: string;
  /** The connected app's consumer key. */
  readonly clientId: string;
  readonly auth:
    | { readonly flow: 'jwt'; readonly username: string; readonly privateKeyPem: string }
    | { readonly flow: 'refresh-token'; readonly refreshToken: string; readonly clientSecret: string | null };
  /** Per request, token requests included. */
  readonly timeoutMs: number;
  /**
   * The Task External ID field (unique, on Activity) that holds the SIP Call-ID and keys every upsert. Optional for
   * settings written before call logging; `CTI_Call_Id__c` when absent.
   */
  readonly callIdField?: string;
}

/** The External ID field used when `SalesforceSettings.callIdField` is not set. */
export const DEFAULT_CALL_ID_FIELD = 'CTI_Call_Id__c';

/**
 * The Salesforce `CrmAdapter`: records by SOQL, reverse lookup by SOSL, call logs as Tasks upserted on an External ID
 * (see `salesforce-call-log-upsert.ts`), over the REST API with a shared cached token (see
 * `salesforce-token-source.ts`). Nothing is sent at creation; the first call logs in.
 */
export function createSalesforceAdapter(settings: SalesforceSettings, deps: { readonly logger: Logger }): CrmAdapter {
  const logger = deps.logger.child({ crm: 'salesforce' });
  const http = axios.create({ timeout: settings.timeoutMs });
  const tokens = createTokenSource(createTokenRequest(settings, http), logger);
  const api = createApiClient({ apiVersion: settings.apiVersion, http, tokens, logger });
  const upsertCallLogs = createCallLogUpsert({ api, callIdField: settings.callIdField ?? DEFAULT_CALL_ID_FIELD, logger });

  /** Reads a response; an unreadable one is logged like a failed call before it is thrown. */
  const logged = <T>(operation: string, read: () => T): T => loggedRead(logger, SALESFORCE, operation, read);

  return {
    name: 'salesforce',

    async getRecord({ objectType, id }) {
      if (!CRM_OBJECT_TYPES.includes(objectType) || !isRecordId(id, objectType)) {
        logger.debug({ objectType }, 'Not a Salesforce id of this object; no request sent');
        return null;
      }
      const soql = `SELECT ${selectList(objectType)} FROM ${objectType} WHERE Id = '${id}' LIMIT 1`;
      let body: unknown;
      try {
        body = await api.get(`/query?q=${encodeURIComponent(soql)}`, 'getRecord');
      } catch (error) {
        if (error instanceof CrmError && error.kind === 'not-found') return null;
        throw error;
      }
      return logged('getRecord', () => {
        const [first] = listOf(body, 'records');
        return first === undefined ? null : toCrmRecord(first, objectType);
      });
    },

    async findByPhone({ e164, nationalDigits }) {
      const sosl = phoneSearchSosl(nationalDigits);
      if (sosl === null) {
        logger.debug('National digits are not 4 to 15 digits; no search sent');
        return [];
      }
      const body = await apiCall(api, `/search?q=${encodeURIComponent(sosl)}`, 'findByPhone', settings.apiVersion);
      return logged('findByPhone', () => {
        const matches: CrmMatch[] = [];
        for (const raw of listOf(body, 'searchRecords')) {
          const type = recordType(raw);
          if (type === null) continue;
          const record = toCrmRecord(raw, type);
          const phone = matchingPhone(record, { e164, nationalDigits });
          if (phone) matches.push({ record, matchedField: phone.field });
        }
        return matches;
      });
    },

    maxBatchSize: SALESFORCE_MAX_BATCH,

    async upsertCallLogs({ logs }) {
      return upsertCallLogs(logs);
    },

    async ping() {
      await apiCall(api, '/', 'ping', settings.apiVersion);
    },

    async close() {
      tokens.clear();
    },
  };
}

/**
 * A call whose resource always exists, so a 404 means the org does not serve this API version. `/` is the version's
 * resource list: authenticated, but unlike `/limits` it needs no "View Setup and Configuration" permission.
 */
async function apiCall(
  api: SalesforceApiClient,
  resource: string,
  operation: string,
  version: string,
): Promise<unknown> {
  try {
    return await api.get(resource, operation);
  } catch (error) {
    if (error instanceof CrmError && error.kind === 'not-found') {
      const message = `Salesforce does not serve REST API v${version} here: check SF_API_VERSION`;
      throw new CrmError('bad-request', message, error.details);
    }
    throw error;
  }
}

/** The array under `key` of a query (`{totalSize, done, records}`) or search (`{searchRecords}`) response. */
function listOf(body: unknown, key: 'records' | 'searchRecords'): unknown[] {
  const list = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) {
    throw new CrmError('bad-response', `The Salesforce response has no ${key} list`, { crm: 'salesforce' });
  }
  return list as unknown[];
}
