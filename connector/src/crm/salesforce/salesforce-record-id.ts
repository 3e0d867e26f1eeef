import type { CrmObjectType } from '../crm-record.js';

/** The key prefix every record id of a standard object starts with; fixed by Salesforce in every org. */
const KEY_PREFIX: Readonly<Record<CrmObjectType, string>> = { Account: '001', Contact: '003', Lead: '00Q' };

/**
 * Whether `id` can be the id of a `objectType` record: 15 (case-sensitive) or 18 (case-insensitive suffix)
 * alphanumerics starting with the object's key prefix. Checked before any request, so a malformed or foreign id
 * never reaches SOQL (it is interpolated into the query) and costs no API call. The 18-character checksum is not
 * verified: Salesforce accepts ids whose suffix case was changed, and so must we.
 */
export function isRecordId(id: string, objectType: CrmObjectType): boolean {
  return /^(?:[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})$/.test(id) && id.startsWith(KEY_PREFIX[objectType]);
}
