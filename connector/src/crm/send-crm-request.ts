import { isAxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { CrmError } from './crm-error.js';
import type { CrmName } from './crm-name.js';

/** What a CRM answered, before any interpretation: the status and the body as text. */
export interface CrmHttpResult {
  readonly status: number;
  readonly body: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/**
 * Sends one request to `crm` and returns whatever status came back. Every status MUST be returned, not thrown, so the
 * adapter can map its CRM's own error shapes; redirects are not followed. Transport failures MUST become `CrmError`:
 * `timeout` when the whole exchange took longer than the instance's `timeout` (axios's own timeout only watches for
 * silence, so an abort signal bounds a slowly trickling answer too), `unavailable` for refused, reset or unresolvable
 * connections. The request config (headers, form body) MUST NOT be put in the error: it holds tokens and secrets.
 */
export async function sendCrmRequest(
  http: AxiosInstance,
  config: AxiosRequestConfig,
  crm: CrmName,
): Promise<CrmHttpResult> {
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
    const code = isAxiosError(error) ? error.code : undefined;
    if (code && TIMEOUT_CODES.has(code)) {
      throw new CrmError('timeout', `${crm.label} did not answer in time`, { crm: crm.id });
    }
    const detail = code ?? (error instanceof Error ? error.name : 'unknown error');
    throw new CrmError('unavailable', `${crm.label} could not be reached (${detail})`, { crm: crm.id });
  }
}
