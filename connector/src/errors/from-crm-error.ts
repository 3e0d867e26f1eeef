import type { CrmError } from '../crm/crm-error.js';
import { AppError, type ErrorCode } from './app-error.js';

const CODE_BY_KIND: Record<CrmError['kind'], ErrorCode> = {
  auth: 'CRM_AUTH_FAILED',
  'rate-limited': 'CRM_RATE_LIMITED',
  unavailable: 'CRM_UNAVAILABLE',
  timeout: 'CRM_TIMEOUT',
  'not-found': 'RECORD_NOT_FOUND',
  'bad-request': 'CRM_REJECTED',
  'bad-response': 'CRM_BAD_RESPONSE',
};

/**
 * What an API client is told about a CRM failure: the catalogue's message plus the CRM's own error code, never the
 * adapter's internal message (it may name hosts or settings an agent should not see; it is logged instead).
 */
export function fromCrmError(error: CrmError): AppError {
  const code = CODE_BY_KIND[error.kind];
  const details: Record<string, unknown> = { crm: error.details.crm };
  if (error.details.crmCode) details.crmCode = error.details.crmCode;
  const headers: Record<string, string> = error.kind === 'rate-limited' ? { 'Retry-After': '60' } : {};
  return new AppError(code, undefined, details, headers, error);
}
