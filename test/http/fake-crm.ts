import type { CallLog, CallLogOutcome } from '../../connector/src/crm/call-log.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import type { CrmMatch, CrmObjectType, CrmRecord } from '../../connector/src/crm/crm-record.js';
import { storedNumberMatches } from '../../connector/src/crm/phone-match.js';

type Verb = 'getRecord' | 'findByPhone' | 'upsertCallLogs' | 'ping' | 'close';

/**
 * A CRM adapter held in memory, for HTTP tests that need a CRM to hold chosen records or to fail in a chosen way.
 * It keeps the adapter contract: `getRecord` answers null for an unknown record, `findByPhone` compares normalised
 * numbers. `failWith` makes the named verbs throw the given error (a `CrmError`, or anything else to break the
 * contract on purpose).
 */
export class FakeCrm implements CrmAdapter {
  readonly name = 'fake';
  /** Every call, in order, so tests can tell what the connector asked the CRM. */
  readonly calls: { verb: Verb; args: unknown }[] = [];
  private failures = new Map<Verb, unknown>();

  constructor(private readonly records: readonly CrmRecord[] = []) {}

  /** Makes each named verb (every verb but `close` when none is named) throw `error`. */
  failWith(error: unknown, verbs: readonly Verb[] = ['getRecord', 'findByPhone', 'ping']): this {
    for (const verb of verbs) this.failures.set(verb, error);
    return this;
  }

  async getRecord(args: { objectType: CrmObjectType; id: string }): Promise<CrmRecord | null> {
    this.enter('getRecord', args);
    return this.records.find((r) => r.objectType === args.objectType && r.id === args.id) ?? null;
  }

  async findByPhone(args: { e164: string; nationalDigits: string }): Promise<CrmMatch[]> {
    this.enter('findByPhone', args);
    const matches: CrmMatch[] = [];
    for (const record of this.records) {
      const phone = record.phones.find((p) => storedNumberMatches(p.value, args.e164, record.country));
      if (phone) matches.push({ record, matchedField: phone.field });
    }
    return matches;
  }

  readonly maxBatchSize = 200;
  /** Every log stored, by Call-ID: the latest version wins, as an upsert on an external id does. */
  readonly activities = new Map<string, CallLog>();

  async upsertCallLogs(args: { logs: readonly CallLog[] }): Promise<CallLogOutcome[]> {
    this.enter('upsertCallLogs', args);
    for (const log of args.logs) this.activities.set(log.callId, log);
    return args.logs.map((log) => ({ callId: log.callId, outcome: 'stored', crmId: `act-${log.callId}` }));
  }

  async ping(): Promise<void> {
    this.enter('ping', {});
  }

  async close(): Promise<void> {
    this.enter('close', {});
  }

  private enter(verb: Verb, args: unknown): void {
    this.calls.push({ verb, args });
    if (this.failures.has(verb)) throw this.failures.get(verb);
  }
}

/** A record for a {@link FakeCrm}, with defaults for what a test does not care about. */
export function fakeRecord(overrides: Partial<CrmRecord> & Pick<CrmRecord, 'id'>): CrmRecord {
  return {
    objectType: 'Contact',
    name: 'Test Person',
    company: null,
    country: 'US',
    doNotCall: false,
    phones: [],
    ...overrides,
  };
}
