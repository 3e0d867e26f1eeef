import type { Counter } from 'prom-client';
import type { CrmAdapter } from './crm-adapter.js';
import { CrmError } from './crm-error.js';

/** Wraps an adapter so every verb is counted by outcome, without each adapter having to remember to. */
export function instrumentAdapter(adapter: CrmAdapter, counter: Counter<'crm' | 'operation' | 'outcome'>): CrmAdapter {
  const count = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      counter.inc({ crm: adapter.name, operation, outcome: 'ok' });
      return result;
    } catch (error) {
      counter.inc({ crm: adapter.name, operation, outcome: error instanceof CrmError ? error.kind : 'error' });
      throw error;
    }
  };
  return {
    name: adapter.name,
    getRecord: (args) => count('getRecord', () => adapter.getRecord(args)),
    findByPhone: (args) => count('findByPhone', () => adapter.findByPhone(args)),
    maxBatchSize: adapter.maxBatchSize,
    upsertCallLogs: (args) => count('upsertCallLogs', () => adapter.upsertCallLogs(args)),
    ping: () => count('ping', () => adapter.ping()),
    close: () => adapter.close(),
  };
}
