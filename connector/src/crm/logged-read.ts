import type { Logger } from 'pino';
import { CrmError } from './crm-error.js';
import type { CrmName } from './crm-name.js';

/**
 * The result of `read` (which turns an answer already received into records), or its error rethrown unchanged. A
 * `CrmError` (an answer we cannot read) is first logged at warn like a failed call, `{operation, kind}` under
 * `<label> call failed: <message>`, so an unreadable answer is as visible as a refused request.
 */
export function loggedRead<T>(logger: Logger, crm: CrmName, operation: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CrmError) logger.warn({ operation, kind: error.kind }, `${crm.label} call failed: ${error.message}`);
    throw error;
  }
}
