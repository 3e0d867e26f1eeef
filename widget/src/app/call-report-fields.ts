import type { HostRecord } from '../hosts/host-bridge.js';

/** A CRM record as the connector's call events take it. */
export interface RecordRef {
  readonly objectType: 'Contact' | 'Lead' | 'Account';
  readonly id: string;
}

const OBJECT_TYPES: ReadonlySet<string> = new Set(['Contact', 'Lead', 'Account']);
/** The longest party the connector takes (`from`, `to`). */
const MAX_PARTY = 300;

/**
 * The record as the connector takes it, or null when it would refuse it (another object type, an id it cannot
 * hold): the call is then logged without a record rather than its event refused whole.
 */
export function connectorRecord(record: HostRecord | null): RecordRef | null {
  if (!record || !OBJECT_TYPES.has(record.objectType) || !/^[A-Za-z0-9_-]{1,64}$/.test(record.id)) return null;
  return { objectType: record.objectType as RecordRef['objectType'], id: record.id };
}

/** A call party for `from`/`to`: the user part, else the URI, else `anonymous`; never longer than the connector takes. */
export function callParty(user: string, uri: string): string {
  const party = user.trim() || uri.trim() || 'anonymous';
  return party.slice(0, MAX_PARTY);
}
