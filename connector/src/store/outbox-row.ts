import type { CallLog } from '../crm/call-log.js';
import type { OutboxEntry } from './store.js';

/** An `outbox` row as either store reads an entry; `queued_at` is never NULL here (the stores fill it in). */
export interface OutboxRow {
  call_id: string;
  version: number;
  log: string;
  attempts: number;
  last_error: string | null;
  queued_at: number;
}

/** The entry a row holds, its log parsed. */
export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    callId: row.call_id,
    version: row.version,
    log: JSON.parse(row.log) as CallLog,
    attempts: row.attempts,
    lastError: row.last_error,
    queuedAt: row.queued_at,
  };
}
