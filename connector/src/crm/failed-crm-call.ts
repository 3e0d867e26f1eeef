import type { Logger } from 'pino';
import { CrmError } from './crm-error.js';
import type { CrmName } from './crm-name.js';

/**
 * What an API client throws for a call that failed, logged once at warn. A `CrmError` is logged with `operation`,
 * `path`, `ms` (since `started`), `kind`, `status` and `crmCode` under `<label> call failed: <message>`, and returned
 * as it is. Anything else is a bug on our side: logged without its text and returned as `bad-response`. `path` MUST
 * be the path without its query string (it may carry phone numbers); no token or body is ever logged.
 */
export function failedCrmCall(
  error: unknown,
  call: {
    readonly crm: CrmName;
    readonly logger: Logger;
    readonly operation: string;
    readonly path: string;
    readonly started: number;
  },
): CrmError {
  const { crm, logger, operation, path } = call;
  if (error instanceof CrmError) {
    const { status, crmCode } = error.details;
    const fields = { operation, path, ms: Date.now() - call.started, kind: error.kind, status, crmCode };
    logger.warn(fields, `${crm.label} call failed: ${error.message}`);
    return error;
  }
  logger.warn({ operation, path, kind: 'bad-response' }, `${crm.label} call failed unexpectedly`);
  return new CrmError('bad-response', `${crm.label} call ${path} failed unexpectedly`, { crm: crm.id });
}
