/** Where each value of an outbox upsert stands in the statement, in the store's parameter syntax (`$1`, `@callId`). */
export interface OutboxUpsertParams {
  readonly callId: string;
  readonly version: string;
  /** The log as JSON. */
  readonly log: string;
  readonly now: string;
  /** When the log may first be sent: `now`, or later while it waits for the agent's wrap-up. */
  readonly dueAt: string;
  /** The dialect's two-argument minimum: SQLite's scalar `MIN`, PostgreSQL's `LEAST`. */
  readonly least: 'MIN' | 'LEAST';
}

/**
 * Queues a fold's log: a new row, or a new version of a row, when its log differs from the one held. A row already
 * pending keeps its place (attempts, pending since, and its next attempt, unless the new version is due sooner and
 * the row is not backing off after a failure: a log held for its wrap-up is released by the version the wrap-up
 * brings, even when that version's log reads the same, as after a skipped wrap-up); every new version records when
 * it was queued. The lease columns are left alone: a version queued while a sender holds the call waits for that
 * send to settle (or its lease to run out), so two upserts of one call are never in flight at once.
 * `IS DISTINCT FROM` compares logs NULL-safely in both dialects (SQLite reads it from 3.39 on, as `IS NOT`).
 */
export function outboxUpsertSql(p: OutboxUpsertParams): string {
  return `INSERT INTO outbox (call_id, version, status, log, next_attempt_at, updated_at, pending_since, queued_at)
  VALUES (${p.callId}, ${p.version}, 'pending', ${p.log}, ${p.dueAt}, ${p.now}, ${p.now}, ${p.now})
  ON CONFLICT (call_id) DO UPDATE SET version = excluded.version, log = excluded.log, updated_at = excluded.updated_at,
    queued_at = excluded.queued_at,
    status = 'pending',
    next_attempt_at = CASE WHEN outbox.status <> 'pending' THEN excluded.next_attempt_at
                           WHEN outbox.attempts > 0 THEN outbox.next_attempt_at
                           ELSE ${p.least}(outbox.next_attempt_at, excluded.next_attempt_at) END,
    attempts = CASE WHEN outbox.status = 'pending' THEN outbox.attempts ELSE 0 END,
    pending_since = CASE WHEN outbox.status = 'pending' THEN outbox.pending_since ELSE excluded.pending_since END
  WHERE excluded.version > outbox.version
    AND (excluded.log IS DISTINCT FROM outbox.log
         OR (outbox.status = 'pending' AND outbox.attempts = 0 AND excluded.next_attempt_at < outbox.next_attempt_at))`;
}
