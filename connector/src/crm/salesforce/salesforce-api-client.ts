import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import { bearerJsonRequest } from '../bearer-json-request.js';
import { CrmError } from '../crm-error.js';
import { failedCrmCall } from '../failed-crm-call.js';
import { sendCrmRequest, type CrmHttpResult } from '../send-crm-request.js';
import { apiError } from './salesforce-api-error.js';
import { SALESFORCE } from './salesforce-crm-name.js';
import type { SalesforceToken } from './salesforce-token-request.js';
import type { SalesforceTokenSource } from './salesforce-token-source.js';

/** One REST call under `{instance_url}/services/data/v{apiVersion}`. */
export interface SalesforceApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** The resource after the version, e.g. `/limits`, `/query?q=...` (already encoded). */
  readonly resource: string;
  /** Sent as JSON when present. */
  readonly body?: unknown;
}

/** Authenticated calls to `{instance_url}/services/data/v{apiVersion}`. */
export interface SalesforceApiClient {
  /** `send({method: 'GET', resource}, operation)`. */
  get(resource: string, operation: string): Promise<unknown>;
  /**
   * Sends `request` and returns the parsed JSON body.
   * On a 401 it MUST drop the token, log in again and retry ONCE (same method and body); a second 401 is `auth`. Every
   * failure is a `CrmError` (see `apiError`); a 2xx body that is not a JSON object or array is `bad-response`.
   * `operation` names the call in logs. Log fields carry the path without its query string (it may carry phone
   * numbers) and never a token or a request body (it may carry notes); a failure's message is Salesforce's own, which
   * may quote a rejected query.
   */
  send(request: SalesforceApiRequest, operation: string): Promise<unknown>;
}

export function createApiClient(deps: {
  readonly apiVersion: string;
  readonly http: AxiosInstance;
  readonly tokens: SalesforceTokenSource;
  readonly logger: Logger;
}): SalesforceApiClient {
  const { http, tokens, logger } = deps;
  const base = `/services/data/v${deps.apiVersion}`;

  const attempt = async (token: SalesforceToken, request: SalesforceApiRequest): Promise<CrmHttpResult> =>
    sendCrmRequest(
      http,
      bearerJsonRequest({
        method: request.method,
        url: `${token.instanceUrl}${base}${request.resource}`,
        accessToken: token.accessToken,
        body: request.body,
      }),
      SALESFORCE,
    );

  const call = async (request: SalesforceApiRequest, path: string): Promise<unknown> => {
    const token = await tokens.get();
    let result = await attempt(token, request);
    if (result.status === 401) {
      logger.debug({ path }, 'Salesforce session expired; logging in again');
      tokens.invalidate(token);
      result = await attempt(await tokens.get(), request);
      if (result.status === 401) {
        const error = apiError(result, path);
        throw new CrmError(
          'auth',
          `Salesforce rejected a fresh session for ${path} (${error.details.crmCode ?? 'HTTP 401'}): ` +
            "check the integration user is active and the connected app's session and IP policies",
          error.details,
        );
      }
    }
    if (result.status < 200 || result.status >= 300) throw apiError(result, path);
    return parseBody(result, path);
  };

  const send = async (request: SalesforceApiRequest, operation: string): Promise<unknown> => {
    const path = `${base}${request.resource.split('?')[0] ?? ''}`;
    const started = Date.now();
    try {
      const body = await call(request, path);
      logger.debug({ operation, path, ms: Date.now() - started }, 'Salesforce call succeeded');
      return body;
    } catch (error) {
      throw failedCrmCall(error, { crm: SALESFORCE, logger, operation, path, started });
    }
  };

  return {
    get: (resource, operation) => send({ method: 'GET', resource }, operation),
    send,
  };
}

function parseBody(result: CrmHttpResult, path: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.body);
  } catch {
    throw new CrmError('bad-response', `Salesforce answered ${path} with a body that is not JSON`, {
      crm: 'salesforce',
      status: result.status,
    });
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new CrmError('bad-response', `Salesforce answered ${path} with JSON that is not an object`, {
      crm: 'salesforce',
      status: result.status,
    });
  }
  return parsed;
}
