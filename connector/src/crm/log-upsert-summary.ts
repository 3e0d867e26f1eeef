import type { Logger } from 'pino';
import type { CallLogOutcome } from './call-log.js';
import type { CrmName } from './crm-name.js';

/**
 * Logs one line at info per upsert batch: `{operation: 'upsertCallLogs', stored, retry, rejected, ...counts, codes}`
 * (`counts` are the adapter's own, such as requests sent again; `codes` the distinct error codes) under the message
 * `<label> call logs upserted`. Counts and codes only: never notes, numbers or the CRM's item messages.
 */
export function logUpsertSummary(
  logger: Logger,
  crm: CrmName,
  outcomes: readonly CallLogOutcome[],
  counts: Readonly<Record<string, number>>,
): void {
  const count = (kind: CallLogOutcome['outcome']) => outcomes.filter((o) => o.outcome === kind).length;
  const codes = [...new Set(outcomes.flatMap((o) => (o.outcome === 'stored' ? [] : [o.error.code])))];
  logger.info(
    { operation: 'upsertCallLogs', stored: count('stored'), retry: count('retry'), rejected: count('rejected'), ...counts, codes },
    `${crm.label} call logs upserted`,
  );
}
