import type { CallLogStatus } from './store.js';

/**
 * A call leg's log status as both stores read it: a `calls` row joined to its `outbox` row, `status` already
 * `pending` for a call with events not folded yet.
 */
export interface CallLogStatusRow {
  status: string | null;
  crm_id: string | null;
}

/**
 * The status of the leg's log; null when no call has the leg. A call with no outbox row yet, or a status other than
 * delivered or dead, is pending, and the CRM's id is given only once delivered.
 */
export function toCallLogStatus(row: CallLogStatusRow | undefined): CallLogStatus | null {
  if (!row) return null;
  const status = row.status === 'delivered' || row.status === 'dead' ? row.status : 'pending';
  return { status, crmId: status === 'delivered' ? row.crm_id : null };
}
