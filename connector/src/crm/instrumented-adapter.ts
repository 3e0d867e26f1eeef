import type { Counter } from 'prom-client';
import type { CallLogOutcome } from './call-log.js';
import type { CrmAdapter } from './crm-adapter.js';
import { CrmError } from './crm-error.js';

/**
 * Wraps an adapter so every verb is counted by outcome, without each adapter having to remember to. With `errors`,
 * every failure is also counted by code: a thrown `CrmError` by its kind and code (the CRM's error code, else the HTTP
 * status, else the kind), and each call log of a batch the CRM answered `retry` or `rejected` for as kind
 * `item-retry` or `item-rejected` with the CRM's code for it.
 */
export function instrumentAdapter(
  adapter: CrmAdapter,
  counter: Counter<'crm' | 'operation' | 'outcome'>,
  errors?: Counter<'crm' | 'operation' | 'kind' | 'code'>,
): CrmAdapter {
  const crm = adapter.name;
  const count = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      counter.inc({ crm, operation, outcome: 'ok' });
      return result;
    } catch (error) {
      const kind = error instanceof CrmError ? error.kind : 'error';
      counter.inc({ crm, operation, outcome: kind });
      errors?.inc({ crm, operation, kind, code: errorCode(error, kind) });
      throw error;
    }
  };
  const countItems = (outcomes: CallLogOutcome[]): CallLogOutcome[] => {
    for (const o of outcomes) {
      if (o.outcome !== 'stored') errors?.inc({ crm, operation: 'upsertCallLogs', kind: `item-${o.outcome}`, code: o.error.code || 'unknown' });
    }
    return outcomes;
  };
  return {
    name: adapter.name,
    getRecord: (args) => count('getRecord', () => adapter.getRecord(args)),
    findByPhone: (args) => count('findByPhone', () => adapter.findByPhone(args)),
    maxBatchSize: adapter.maxBatchSize,
    upsertCallLogs: (args) => count('upsertCallLogs', () => adapter.upsertCallLogs(args)).then(countItems),
    ping: () => count('ping', () => adapter.ping()),
    close: () => adapter.close(),
  };
}

function errorCode(error: unknown, kind: string): string {
  if (!(error instanceof CrmError)) return kind;
  return error.details.crmCode ?? (error.details.status === undefined ? kind : String(error.details.status));
}
