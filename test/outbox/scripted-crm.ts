import type { CallLog, CallLogOutcome } from '../../connector/src/crm/call-log.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';

/**
 * A CRM adapter whose answer to each upsert request a test scripts. By default it stores everything, keyed by
 * Call-ID like an external-id upsert, and keeps every request so tests can count them.
 */
export class ScriptedCrm implements CrmAdapter {
  readonly name = 'scripted';
  readonly maxBatchSize: number;
  readonly requests: CallLog[][] = [];
  /** Stored logs by SIP Call-ID (the leg's agent prefix dropped: these tests have one agent), latest version. */
  readonly activities = new Map<string, CallLog>();
  /** Returns outcomes, throws to fail the whole request, or returns undefined to store every log. */
  answer: (logs: readonly CallLog[], request: number) => CallLogOutcome[] | undefined = () => undefined;

  constructor(maxBatchSize = 200) {
    this.maxBatchSize = maxBatchSize;
  }

  async upsertCallLogs({ logs }: { logs: readonly CallLog[] }): Promise<CallLogOutcome[]> {
    this.requests.push([...logs]);
    const scripted = this.answer(logs, this.requests.length);
    const outcomes = scripted ?? logs.map((l) => ({ callId: l.callId, outcome: 'stored' as const, crmId: `T-${l.callId}` }));
    for (const o of outcomes) {
      const log = logs.find((l) => l.callId === o.callId);
      if (o.outcome === 'stored' && log) this.activities.set(o.callId.slice(o.callId.indexOf(':') + 1), log);
    }
    return outcomes;
  }

  async getRecord() {
    return null;
  }

  async findByPhone() {
    return [];
  }

  async ping() {}

  async close() {}
}
