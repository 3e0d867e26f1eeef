import { isAxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { CrmError } from '../crm-error.js';

/** What Salesforce answered, before any interpretation: the status and the body as text. */
export interface SalesforceHttpResult {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request and returns whatever status came back. Every status is returned, not thrown, so the callers (the
 * token source and the API client) can map Salesforce's own error shapes. Transport failures become `CrmError`:
 * `timeout` when the whole exchange took longer than the instance's `timeout` (axios's own timeout only watches for
 * silence, so an abort signal bounds a slowly trickling answer too), `unavailable` for refused, reset or unresolvable
 * connections. The request config (headers, form body) is never put in the error: it holds tokens and assertions.
 */
export async function sendRequest(http: AxiosInstance, config: AxiosRequestConfig): Promise<SalesforceHttpResult> {
  const deadlineMs = http.defaults.timeout;
  try {
    const response = await http.request<unknown>({
      ...config,
      ...(deadlineMs ? { signal: AbortSignal.timeout(deadlineMs) } : {}),
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
    return { status: response.status, body: typeof response.data === 'string' ? response.data : '' };
  } catch (error) {
    throw transportError(error);
  }
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

function transportError(error: unknown): CrmError {
  const code = isAxiosError(error) ? error.code : undefined;
  if (code && TIMEOUT_CODES.has(code)) {
    return new CrmError('timeout', 'Salesforce did not answer in time', { crm: 'salesforce' });
  }
  const detail = code ?? (error instanceof Error ? error.name : 'unknown error');
  return new CrmError('unavailable', `Salesforce could not be reached (${detail})`, { crm: 'salesforce' });
}
