import { isAxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { CrmError } from '../crm-error.js';

/** What HubSpot answered, before any interpretation: the status and the body as text. */
export interface HubSpotHttpResult {
  readonly status: number;
  readonly body: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/**
 * Sends one request and returns whatever status came back; callers map HubSpot's own error shapes. Transport failures
 * become `CrmError`: `timeout` when the whole exchange took longer than the instance's `timeout` (an abort signal
 * bounds a slowly trickling answer too), `unavailable` for refused, reset or unresolvable connections. The request
 * config (headers, form body) is never put in the error: it holds tokens and secrets.
 */
export async function sendRequest(http: AxiosInstance, config: AxiosRequestConfig): Promise<HubSpotHttpResult> {
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
      throw new CrmError('timeout', 'HubSpot did not answer in time', { crm: 'hubspot' });
    }
    const detail = code ?? (error instanceof Error ? error.name : 'unknown error');
    throw new CrmError('unavailable', `HubSpot could not be reached (${detail})`, { crm: 'hubspot' });
  }
}
