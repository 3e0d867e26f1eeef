import type { AuditEntry } from './store.js';

/** An `audit_log` row as either store reads it; `details` is the entry's details as JSON. */
export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused';
  details: string;
}

/** The audit entry a row holds. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
