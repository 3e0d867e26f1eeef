import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import { bearerJsonRequest } from '../bearer-json-request.js';
import { CrmError } from '../crm-error.js';
import { failedCrmCall } from '../failed-crm-call.js';
import { sendCrmRequest, type CrmHttpResult } from '../send-crm-request.js';
import { apiError } from './hubspot-api-error.js';
import { HUBSPOT } from './hubspot-crm-name.js';
import type { HubSpotToken, HubSpotTokenSource } from './hubspot-token-source.js';

/** One call to the HubSpot API. */
export interface HubSpotApiRequest {
  readonly method: 'GET' | 'POST';
  /** The path after the base URL, e.g. `/crm/v3/objects/contacts/search` (query strings already encoded). */
  readonly path: string;
  /** Sent as JSON when present. */
  readonly body?: unknown;
}

/** What a call returned: the status (200, 201 or 207 matter for batches) and the parsed JSON body. */
export interface HubSpotApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Authenticated calls to `{apiBaseUrl}`. */
export interface HubSpotApiClient {
  /**
   * Sends `request` with the current bearer token and returns a 2xx answer parsed. On a 401 it MUST drop the token and,
   * when it can be refreshed (OAuth), refresh it and retry ONCE; a second 401, or a 401 on a private app token, is
   * `auth`. Every failure is a `CrmError` (see `apiError`); a 2xx body that is not a JSON object is `bad-response`.
   * Logs carry `operation`, the path without its query string and the outcome, never a token or a body.
   */
  send(request: HubSpotApiRequest, operation: string): Promise<HubSpotApiResponse>;
}

export function createApiClient(deps: {
  readonly apiBaseUrl: string;
  readonly http: AxiosInstance;
  readonly tokens: HubSpotTokenSource;
  readonly logger: Logger;
}): HubSpotApiClient {
  const { http, tokens, logger } = deps;

  const attempt = (token: HubSpotToken, request: HubSpotApiRequest): Promise<CrmHttpResult> =>
    sendCrmRequest(
      http,
      bearerJsonRequest({
        method: request.method,
        url: `${deps.apiBaseUrl}${request.path}`,
        accessToken: token.accessToken,
        body: request.body,
      }),
      HUBSPOT,
    );

  const call = async (request: HubSpotApiRequest, path: string): Promise<HubSpotApiResponse> => {
    const token = await tokens.get();
    let result = await attempt(token, request);
    if (result.status === 401) {
      const error = apiError(result, path, tokens.secrets());
      if (!tokens.invalidate(token)) {
        throw new CrmError('auth', `HubSpot refused the private app token (${error.details.crmCode ?? 'HTTP 401'}): check HUBSPOT_ACCESS_TOKEN`, error.details);
      }
      logger.debug({ path }, 'HubSpot refused the access token; refreshing it');
      result = await attempt(await tokens.get(), request);
      if (result.status === 401) {
        const again = apiError(result, path, tokens.secrets());
        throw new CrmError('auth', `HubSpot refused a freshly refreshed token for ${path} (${again.details.crmCode ?? 'HTTP 401'})`, again.details);
      }
    }
    if (result.status < 200 || result.status >= 300) throw apiError(result, path, tokens.secrets());
    return { status: result.status, body: parseBody(result, path) };
  };

  return {
    async send(request, operation) {
      const path = request.path.split('?')[0] ?? '';
      const started = Date.now();
      try {
        const response = await call(request, path);
        logger.debug({ operation, path, status: response.status, ms: Date.now() - started }, 'HubSpot call succeeded');
        return response;
      } catch (error) {
        throw failedCrmCall(error, { crm: HUBSPOT, logger, operation, path, started });
      }
    },
  };
}

function parseBody(result: CrmHttpResult, path: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.body);
  } catch {
    throw new CrmError('bad-response', `HubSpot answered ${path} with a body that is not JSON`, { crm: 'hubspot', status: result.status });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CrmError('bad-response', `HubSpot answered ${path} with JSON that is not an object`, { crm: 'hubspot', status: result.status });
  }
  return parsed;
}
