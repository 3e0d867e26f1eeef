import type Database from 'better-sqlite3';
import type { CallLog } from '../crm/call-log.js';
import type { CallLogStatus, OutboxCounts, OutboxEntry } from './store.js';

interface OutboxRow {
  call_id: string;
  version: number;
  log: string;
  attempts: number;
  last_error: string | null;
}

/** The CRM outbox on SQLite. Every write names the version it was read at, so a newer log is never overwritten. */
export class SqliteOutboxTable {
  private readonly selectDue;
  private readonly delivered;
  private readonly retry;
  private readonly dead;
  private readonly selectDead;
  private readonly replay;
  private readonly counts;
  private readonly selectStatus;

  constructor(db: Database.Database) {
    this.selectDue = db.prepare(
      `SELECT call_id, version, log, attempts, last_error FROM outbox
       WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, call_id LIMIT ?`,
    );
    this.delivered = db.prepare(
      `UPDATE outbox SET delivered_version = MAX(delivered_version, @version), crm_id = @crmId, updated_at = @now,
              last_error = NULL, status = CASE WHEN version = @version THEN 'delivered' ELSE status END
       WHERE call_id = @callId`,
    );
    this.retry = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @nextAttemptAt, last_error = @error, updated_at = @now
       WHERE call_id = @callId AND version = @version AND status = 'pending'`,
    );
    this.dead = db.prepare(
      `UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = @error, updated_at = @now
       WHERE call_id = @callId AND version = @version AND status = 'pending'`,
    );
    this.selectDead = db.prepare(
      `SELECT call_id, version, log, attempts, last_error FROM outbox WHERE status = 'dead' ORDER BY updated_at DESC LIMIT ?`,
    );
    this.replay = db.prepare(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?, pending_since = ?
       WHERE call_id = ? AND status = 'dead'`,
    );
    this.selectStatus = db.prepare(
      // Events not folded yet (a wrap-up just posted) make a delivered log stale: it is pending again.
      `SELECT CASE WHEN c.folded_version < c.version THEN 'pending' ELSE o.status END AS status, o.crm_id
       FROM calls c LEFT JOIN outbox o ON o.call_id = c.call_id WHERE c.call_id = ?`,
    );
    this.counts = db.prepare(
      `SELECT
         COALESCE(SUM(status = 'pending'), 0) AS pending,
         COALESCE(SUM(status = 'delivered'), 0) AS delivered,
         COALESCE(SUM(status = 'dead'), 0) AS dead,
         MIN(CASE WHEN status = 'pending' THEN pending_since END) AS oldest
       FROM outbox`,
    );
  }

  dueOutbox(now: number, limit: number): OutboxEntry[] {
    return (this.selectDue.all(now, limit) as OutboxRow[]).map(toEntry);
  }

  markDelivered(args: { callId: string; version: number; crmId: string; now: number }): void {
    this.delivered.run(args);
  }

  markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number }): void {
    this.retry.run(args);
  }

  markDead(args: { callId: string; version: number; error: string; now: number }): void {
    this.dead.run(args);
  }

  deadLetters(limit: number): OutboxEntry[] {
    return (this.selectDead.all(limit) as OutboxRow[]).map(toEntry);
  }

  replayDeadLetter(callId: string, now: number): boolean {
    return this.replay.run(now, now, now, callId).changes === 1;
  }

  callLogStatus(leg: string): CallLogStatus | null {
    return toStatus(this.selectStatus.get(leg) as { status: string | null; crm_id: string | null } | undefined);
  }

  outboxCounts(now: number): OutboxCounts {
    const row = this.counts.get() as { pending: number; delivered: number; dead: number; oldest: number | null };
    return { pending: row.pending, delivered: row.delivered, dead: row.dead, oldestPendingAgeMs: row.oldest === null ? 0 : Math.max(0, now - row.oldest) };
  }
}

function toStatus(row: { status: string | null; crm_id: string | null } | undefined): CallLogStatus | null {
  if (!row) return null;
  const status = row.status === 'delivered' || row.status === 'dead' ? row.status : 'pending';
  return { status, crmId: status === 'delivered' ? row.crm_id : null };
}

function toEntry(row: OutboxRow): OutboxEntry {
  return { callId: row.call_id, version: row.version, log: JSON.parse(row.log) as CallLog, attempts: row.attempts, lastError: row.last_error };
}
