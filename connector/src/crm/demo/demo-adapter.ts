import type { CallLogOutcome } from '../call-log.js';
import type { CrmAdapter } from '../crm-adapter.js';
import type { CrmMatch } from '../crm-record.js';
import { storedNumberMatches } from '../phone-match.js';
import type { DemoCrmDb } from './demo-crm-db.js';

/**
 * The demo CRM behind the adapter interface. Reverse lookup scans every record: the demo holds a few dozen, and a
 * real CRM's search index is what the other adapters use.
 */
export function createDemoAdapter(db: DemoCrmDb): CrmAdapter {
  return {
    name: 'demo',
    async getRecord({ objectType, id }) {
      return db.getRecord(objectType, id);
    },
    async findByPhone({ e164 }) {
      const matches: CrmMatch[] = [];
      for (const record of db.allRecords()) {
        const phone = record.phones.find((p) => storedNumberMatches(p.value, e164, record.country));
        if (phone) matches.push({ record, matchedField: phone.field });
      }
      return matches;
    },
    maxBatchSize: 200,
    async upsertCallLogs({ logs }) {
      return logs.map((log): CallLogOutcome =>
        db.upsertActivity(log)
          ? { callId: log.callId, outcome: 'stored', crmId: log.callId }
          : {
              callId: log.callId,
              outcome: 'rejected',
              error: { code: 'RECORD_NOT_FOUND', message: `The demo CRM has no ${log.record?.objectType} ${log.record?.id}` },
            },
      );
    },
    async ping() {
      db.ping();
    },
    async close() {
      db.close();
    },
  };
}
