import axios from 'axios';
import type { Logger } from 'pino';
import type { CrmAdapter } from '../crm-adapter.js';
import { CrmError } from '../crm-error.js';
import type { CrmMatch, CrmObjectType } from '../crm-record.js';
import { loggedRead } from '../logged-read.js';
import { createApiClient, type HubSpotApiClient } from './hubspot-api-client.js';
import { createCallUpsert, HUBSPOT_MAX_BATCH } from './hubspot-call-upsert.js';
import { HUBSPOT } from './hubspot-crm-name.js';
import { isHubSpotId, OBJECT_SPECS, propertiesOf, type HubSpotObjectSpec } from './hubspot-object-properties.js';
import { companySearch, contactSearch, matchingPhone } from './hubspot-phone-search.js';
import { toCrmRecord } from './hubspot-record-mapper.js';
import { refreshAccessToken } from './hubspot-token-request.js';
import { oauthTokenSource, privateAppTokenSource, type HubSpotTokenSource } from './hubspot-token-source.js';

/** How the connector reaches one HubSpot portal. Built and validated by the config; secrets live only here. */
export interface HubSpotSettings {
  /** `https://api.hubapi.com` unless a proxy or a test server stands in; no trailing slash. */
  readonly apiBaseUrl: string;
  readonly auth:
    | { readonly kind: 'private-app'; readonly accessToken: string }
    | { readonly kind: 'oauth'; readonly clientId: string; readonly clientSecret: string; readonly refreshToken: string };
  /** The custom property of calls, with unique values, that holds the SIP Call-ID and keys every upsert (`cti_call_id`). */
  readonly callIdProperty: string;
  /** Per request, token refreshes included. */
  readonly timeoutMs: number;
  /**
   * The contact property (a single checkbox) that says "do not call", or absent/null when the portal has none: HubSpot
   * has no standard do-not-call flag on contacts, so without it every record's `doNotCall` is false.
   */
  readonly doNotCallProperty?: string | null;
}

/**
 * The HubSpot `CrmAdapter`: contacts and companies by id and by phone (CRM search, confirmed by number), call logs as
 * HubSpot calls upserted on `callIdProperty` and attached to their record (`hubspot-call-upsert.ts`). Auth is a
 * private app token, or OAuth with a refresh token (`hubspot-token-source.ts`). `Lead` maps to no HubSpot object:
 * `getRecord` answers null for it and calls on leads are logged unattached. Nothing is sent at creation.
 * `deps.now` (ms since the epoch) is for tests of token expiry.
 */
export function createHubSpotAdapter(
  settings: HubSpotSettings,
  deps: { readonly logger: Logger; readonly now?: () => number },
): CrmAdapter {
  const logger = deps.logger.child({ crm: 'hubspot' });
  const now = deps.now ?? Date.now;
  const apiBaseUrl = settings.apiBaseUrl.replace(/\/+$/, '');
  const http = axios.create({ timeout: settings.timeoutMs });
  const { auth } = settings;
  const tokens: HubSpotTokenSource =
    auth.kind === 'private-app'
      ? privateAppTokenSource(auth.accessToken)
      : oauthTokenSource({
          credentials: auth,
          refresh: (credentials) => refreshAccessToken(http, apiBaseUrl, credentials, now),
          now,
          logger,
        });
  const api = createApiClient({ apiBaseUrl, http, tokens, logger });
  const doNotCall = settings.doNotCallProperty ?? null;
  const upsertCallLogs = createCallUpsert({ api, callIdProperty: settings.callIdProperty, logger });

  const logged = <T>(operation: string, read: () => T): T => loggedRead(logger, HUBSPOT, operation, read);

  const search = async (objectType: CrmObjectType, body: object | null, e164: string): Promise<CrmMatch[]> => {
    const spec = OBJECT_SPECS[objectType]!;
    if (body === null) return [];
    const { body: answer } = await api.send({ method: 'POST', path: `/crm/v3/objects/${spec.objectPath}/search`, body }, 'findByPhone');
    return logged('findByPhone', () =>
      listOf(answer).flatMap((raw): CrmMatch[] => {
        const record = toCrmRecord(raw, objectType, spec, doNotCall);
        const phone = matchingPhone(record, e164);
        return phone ? [{ record, matchedField: phone.field }] : [];
      }),
    );
  };

  return {
    name: 'hubspot',
    maxBatchSize: HUBSPOT_MAX_BATCH,

    async getRecord({ objectType, id }) {
      const spec: HubSpotObjectSpec | undefined = OBJECT_SPECS[objectType];
      if (spec === undefined || !isHubSpotId(id)) {
        logger.debug({ objectType }, 'Not a HubSpot object type or id; no request sent');
        return null;
      }
      const properties = propertiesOf(spec, doNotCall).map(encodeURIComponent).join(',');
      let body: unknown;
      try {
        ({ body } = await api.send({ method: 'GET', path: `/crm/v3/objects/${spec.objectPath}/${id}?properties=${properties}` }, 'getRecord'));
      } catch (error) {
        if (error instanceof CrmError && error.kind === 'not-found') return null;
        throw error;
      }
      return logged('getRecord', () => toCrmRecord(body, objectType, spec, doNotCall));
    },

    async findByPhone({ e164, nationalDigits }) {
      const number = { e164, nationalDigits };
      const [contacts, companies] = await Promise.all([
        search('Contact', contactSearch(number, propertiesOf(OBJECT_SPECS.Contact!, doNotCall)), e164),
        search('Account', companySearch(number, propertiesOf(OBJECT_SPECS.Account!, doNotCall)), e164),
      ]);
      return [...contacts, ...companies];
    },

    async upsertCallLogs({ logs }) {
      return upsertCallLogs(logs);
    },

    async ping() {
      await ping(api);
    },

    async close() {
      tokens.clear();
    },
  };
}

/** `GET /crm/v3/objects/contacts?limit=1`: cheap, authenticated, and needs only the contacts read scope we need anyway. */
async function ping(api: HubSpotApiClient): Promise<void> {
  await api.send({ method: 'GET', path: '/crm/v3/objects/contacts?limit=1' }, 'ping');
}

/** The `results` of a search answer `{total, results: [...], paging?}`. */
function listOf(body: unknown): unknown[] {
  const results = (body as Record<string, unknown>).results;
  if (!Array.isArray(results)) throw new CrmError('bad-response', 'The HubSpot search answer has no results list', { crm: 'hubspot' });
  return results as unknown[];
}
