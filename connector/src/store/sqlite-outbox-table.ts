import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { toCallLogStatus, type CallLogStatusRow } from './call-log-status-row.js';
import { toOutboxEntry, type OutboxRow } from './outbox-row.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import type { CallLogStatus, OutboxClaim, OutboxCounts, OutboxEntry, PendingOutboxEntry } from './store.js';

/** An entry's columns; `queued_at` is NULL for logs queued before schema version 6, whose `updated_at` stands in. */
const ENTRY_COLUMNS = 'call_id, version, log, attempts, last_error, COALESCE(queued_at, updated_at) AS queued_at';

/**
 * Every count from an index, never the table (see migration 6), in one statement so the counts agree: pending from
 * `outbox_due`, dead from `outbox_dead`, delivered over the narrow `outbox_delivered`, the oldest pending from the
 * first entry of `outbox_waiting`.
 */
export const OUTBOX_COUNTS_SQL = `SELECT
  (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS pending,
  (SELECT COUNT(*) FROM outbox WHERE status = 'delivered') AS delivered,
  (SELECT COUNT(*) FROM outbox WHERE status = 'dead') AS dead,
  (SELECT MIN(pending_since) FROM outbox WHERE status = 'pending') AS oldest`;

/**
 * The CRM outbox on SQLite. Every write names the version it was read at, so a newer log is never overwritten, and a
 * sender works only on what it claimed (a lease per entry), so instances sharing the file never send one call at once.
 * Statements are prepared on first use, so a store opened at an older schema (the upgrade tests) can be built.
 */
export class SqliteOutboxTable {
  private readonly statement: LazyStatements;

  constructor(private readonly db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  /**
   * Leases up to `limit` due entries to a fresh claim. In one IMMEDIATE transaction, so two connections to the file
   * (two instances) cannot both pick an entry: the second waits for the first's commit and sees its leases.
   */
  claimDue(args: { now: number; limit: number; leaseMs: number }): OutboxClaim {
    const token = randomUUID();
    const until = args.now + args.leaseMs;
    const entries = this.db
      .transaction(() => {
        this.statement(
          `UPDATE outbox SET lease_owner = @token, lease_until = @until
           WHERE call_id IN (
             SELECT call_id FROM outbox
             WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
             ORDER BY next_attempt_at, call_id LIMIT @limit)`,
        ).run({ token, until, now: args.now, limit: args.limit });
        return this.statement(`SELECT ${ENTRY_COLUMNS} FROM outbox WHERE lease_owner = ? ORDER BY next_attempt_at, call_id`).all(token) as OutboxRow[];
      })
      .immediate();
    return { token, entries: entries.map(toOutboxEntry), until };
  }

  /** Extends what `token` still holds; an entry released or taken over by another claim no longer names it. */
  renewClaim(args: { token: string; until: number }): number {
    return this.statement('UPDATE outbox SET lease_until = @until WHERE lease_owner = @token').run(args).changes;
  }

  /**
   * The activity's id and the delivered version are kept whatever version was delivered; the row's state (status,
   * error, time) changes only when it still holds that version, so a late delivery of an older one keeps the reason a
   * newer one is retrying or dead.
   */
  markDelivered(args: { callId: string; version: number; crmId: string; now: number; claim?: string }): void {
    this.settle(args, () =>
      this.statement(
        `UPDATE outbox SET delivered_version = MAX(delivered_version, @version), crm_id = @crmId,
                updated_at = CASE WHEN version = @version THEN @now ELSE updated_at END,
                last_error = CASE WHEN version = @version THEN NULL ELSE last_error END,
                status = CASE WHEN version = @version THEN 'delivered' ELSE status END
         WHERE call_id = @callId`,
      ).run(args),
    );
  }

  markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number; claim?: string }): void {
    this.settle(args, () =>
      this.statement(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @nextAttemptAt, last_error = @error, updated_at = @now
         WHERE call_id = @callId AND version = @version AND status = 'pending'`,
      ).run(args),
    );
  }

  markDead(args: { callId: string; version: number; error: string; now: number; claim?: string }): void {
    this.settle(args, () =>
      this.statement(
        `UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = @error, updated_at = @now
         WHERE call_id = @callId AND version = @version AND status = 'pending'`,
      ).run(args),
    );
  }

  /**
   * Applies a settling write and, with a claim, releases that claim's hold in the same transaction, whether or not the
   * write matched (a newer version queued meanwhile is then claimable at once). A claim whose lease ran out and was
   * taken over names the call no longer, so its late settle leaves the new holder's lease alone.
   */
  private settle(args: { callId: string; claim?: string }, write: () => unknown): void {
    const { claim } = args;
    if (claim === undefined) {
      write();
      return;
    }
    this.db.transaction(() => {
      write();
      this.statement('UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE call_id = ? AND lease_owner = ?').run(args.callId, claim);
    })();
  }

  deadLetters(limit: number): OutboxEntry[] {
    const rows = this.statement(`SELECT ${ENTRY_COLUMNS} FROM outbox WHERE status = 'dead' ORDER BY updated_at DESC LIMIT ?`).all(limit) as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  /** Queues a dead letter again, due now; its delivery latency counts from this replay. */
  replayDeadLetter(callId: string, now: number): boolean {
    return (
      this.statement(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, updated_at = @now, pending_since = @now, queued_at = @now
         WHERE call_id = @callId AND status = 'dead'`,
      ).run({ callId, now }).changes === 1
    );
  }

  /** Entries not delivered yet, longest waiting first (`outbox_waiting` index). */
  pendingOutbox(limit: number): PendingOutboxEntry[] {
    return this.statement(
      `SELECT call_id AS callId, version, attempts, last_error AS lastError, next_attempt_at AS nextAttemptAt,
              COALESCE(pending_since, updated_at) AS pendingSince
       FROM outbox WHERE status = 'pending' ORDER BY pending_since, call_id LIMIT ?`,
    ).all(limit) as PendingOutboxEntry[];
  }

  callLogStatus(leg: string): CallLogStatus | null {
    const row = this.statement(
      // Events not folded yet (a wrap-up just posted) make a delivered log stale: it is pending again.
      `SELECT CASE WHEN c.folded_version < c.version THEN 'pending' ELSE o.status END AS status, o.crm_id
       FROM calls c LEFT JOIN outbox o ON o.call_id = c.call_id WHERE c.call_id = ?`,
    ).get(leg) as CallLogStatusRow | undefined;
    return toCallLogStatus(row);
  }

  outboxCounts(now: number): OutboxCounts {
    const row = this.statement(OUTBOX_COUNTS_SQL).get() as { pending: number; delivered: number; dead: number; oldest: number | null };
    return { pending: row.pending, delivered: row.delivered, dead: row.dead, oldestPendingAgeMs: row.oldest === null ? 0 : Math.max(0, now - row.oldest) };
  }
}
