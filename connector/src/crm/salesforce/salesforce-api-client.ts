import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import { CrmError } from '../crm-error.js';
import { apiError } from './salesforce-api-error.js';
import type { SalesforceToken } from './salesforce-token-request.js';
import type { SalesforceTokenSource } from './salesforce-token-source.js';
import { sendRequest, type SalesforceHttpResult } from './salesforce-transport.js';

/** Authenticated reads from `{instance_url}/services/data/v{apiVersion}`. */
export interface SalesforceApiClient {
  /**
   * GETs `resource` (e.g. `/limits`, `/query?q=...`, already encoded) and returns the parsed JSON body.
   * On a 401 it MUST drop the token, log in again and retry ONCE; a second 401 is `auth`. Every failure is a
   * `CrmError` (see `apiError`); a 2xx body that is not a JSON object or array is `bad-response`.
   * `operation` names the call in logs. Log fields carry the path without its query string (it may carry phone
   * numbers) and never a token; a failure's message is Salesforce's own, which may quote a rejected query.
   */
  get(resource: string, operation: string): Promise<unknown>;
}

export function createApiClient(deps: {
  readonly apiVersion: string;
  readonly http: AxiosInstance;
  readonly tokens: SalesforceTokenSource;
  readonly logger: Logger;
}): SalesforceApiClient {
  const { http, tokens, logger } = deps;
  const base = `/services/data/v${deps.apiVersion}`;

  const send = async (token: SalesforceToken, resource: string): Promise<SalesforceHttpResult> =>
    sendRequest(http, {
      method: 'GET',
      url: `${token.instanceUrl}${base}${resource}`,
      headers: { Authorization: `Bearer ${token.accessToken}`, Accept: 'application/json' },
    });

  const call = async (resource: string, path: string): Promise<unknown> => {
    const token = await tokens.get();
    let result = await send(token, resource);
    if (result.status === 401) {
      logger.debug({ path }, 'Salesforce session expired; logging in again');
      tokens.invalidate(token);
      result = await send(await tokens.get(), resource);
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

  return {
    async get(resource, operation) {
      const path = `${base}${resource.split('?')[0] ?? ''}`;
      const started = Date.now();
      try {
        const body = await call(resource, path);
        logger.debug({ operation, path, ms: Date.now() - started }, 'Salesforce call succeeded');
        return body;
      } catch (error) {
        if (error instanceof CrmError) {
          const { status, crmCode } = error.details;
          const ms = Date.now() - started;
          const fields = { operation, path, ms, kind: error.kind, status, crmCode };
          logger.warn(fields, `Salesforce call failed: ${error.message}`);
          throw error;
        }
        logger.warn({ operation, path, kind: 'bad-response' }, 'Salesforce call failed unexpectedly');
        throw new CrmError('bad-response', `Salesforce call ${path} failed unexpectedly`, { crm: 'salesforce' });
      }
    },
  };
}

function parseBody(result: SalesforceHttpResult, path: string): unknown {
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
