import { randomUUID } from 'node:crypto';
import { toCallLogStatus, type CallLogStatusRow } from './call-log-status-row.js';
import { toOutboxEntry, type OutboxRow } from './outbox-row.js';
import type { PgDatabase } from './pg-database.js';
import type { CallLogStatus, OutboxClaim, OutboxCounts, OutboxEntry, PendingOutboxEntry } from './store.js';
import { byCodeUnits } from './usage-counts.js';

/** An entry's row with when it is due, to put claimed entries back in the order they were taken. */
interface DueOutboxRow extends OutboxRow {
  next_attempt_at: number;
}

/** An entry's columns; `queued_at` stands in `updated_at` for a row without it (as on SQLite). */
const ENTRY_COLUMNS = 'call_id, version, log, attempts, last_error, COALESCE(queued_at, updated_at) AS queued_at, next_attempt_at';

/**
 * Takes up to $2 due entries not held by a live lease, oldest due first (`outbox_due`), and leases them to the claim
 * $3 until $4. `FOR UPDATE SKIP LOCKED`: an entry another instance is claiming (or folding a new version into) at this
 * moment is skipped, not waited for, so two concurrent claims never return the same call; one that committed its lease
 * just before is re-checked against it and left out. `MATERIALIZED`: the locking query runs once, as written, whatever
 * plan the UPDATE gets, so it locks (and limits) exactly the rows it hands on.
 */
const CLAIM_DUE = `WITH due AS MATERIALIZED (
    SELECT call_id FROM outbox
    WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY next_attempt_at, call_id LIMIT $2
    FOR UPDATE SKIP LOCKED)
  UPDATE outbox SET lease_owner = $3, lease_until = $4 FROM due WHERE outbox.call_id = due.call_id
  RETURNING outbox.call_id, outbox.version, outbox.log, outbox.attempts, outbox.last_error,
    COALESCE(outbox.queued_at, outbox.updated_at) AS queued_at, outbox.next_attempt_at`;

/**
 * Every count from its partial index, in one statement (one snapshot), so the counts agree: pending and the oldest
 * pending from `outbox_due` / `outbox_waiting`, dead from `outbox_dead`, delivered from `outbox_delivered`.
 */
export const PG_OUTBOX_COUNTS_SQL = `SELECT
  (SELECT COUNT(*) FROM outbox WHERE status = 'pending')::integer AS pending,
  (SELECT COUNT(*) FROM outbox WHERE status = 'delivered')::integer AS delivered,
  (SELECT COUNT(*) FROM outbox WHERE status = 'dead')::integer AS dead,
  (SELECT MIN(pending_since) FROM outbox WHERE status = 'pending') AS oldest`;

/**
 * A settling write as one statement: `sets` (column to new value) apply where `matches` holds of the row (the version
 * read, as on SQLite); with a claim (the last parameter, `$claim`, NULL without one) the row is released from that
 * claim whether or not the write matched, and never from another's.
 */
function settleSql(matches: string, sets: Readonly<Record<string, string>>, claim: string): string {
  const changed = Object.entries(sets).map(([column, value]) => `${column} = CASE WHEN ${matches} THEN ${value} ELSE ${column} END`);
  return `UPDATE outbox SET ${changed.join(', ')},
    lease_owner = CASE WHEN lease_owner = ${claim} THEN NULL ELSE lease_owner END,
    lease_until = CASE WHEN lease_owner = ${claim} THEN NULL ELSE lease_until END
  WHERE call_id = $1 AND ((${matches}) OR lease_owner = ${claim})`;
}

/**
 * The CRM holds the activity whatever version was delivered: its id and the delivered version are kept. The row's
 * state (status, error, time) changes only when the version delivered is the one it holds: a late delivery of an
 * older version must not wipe the reason a newer one is retrying or dead.
 */
const MARK_DELIVERED = settleSql(
  'TRUE',
  {
    delivered_version: 'GREATEST(delivered_version, $2)',
    crm_id: '$3',
    updated_at: 'CASE WHEN version = $2 THEN $4 ELSE updated_at END',
    last_error: 'CASE WHEN version = $2 THEN NULL ELSE last_error END',
    status: "CASE WHEN version = $2 THEN 'delivered' ELSE status END",
  },
  '$5',
);

const PENDING_AT_VERSION = "version = $2 AND status = 'pending'";

const MARK_RETRY = settleSql(PENDING_AT_VERSION, { attempts: 'attempts + 1', next_attempt_at: '$3', last_error: '$4', updated_at: '$5' }, '$6');

const MARK_DEAD = settleSql(PENDING_AT_VERSION, { status: "'dead'", attempts: 'attempts + 1', last_error: '$3', updated_at: '$4' }, '$5');

/**
 * The CRM outbox on PostgreSQL, shared by every instance. Every write names the version it was read at, so a newer log
 * is never overwritten; a sender works only on what it claimed (a lease per entry), so two instances never send one
 * call at once, and the entries of an instance that died are taken over once their lease runs out. Each write is one
 * statement: it needs no transaction of its own.
 */
export class PgOutboxTable {
  constructor(private readonly db: PgDatabase) {}

  async claimDueOutbox(args: { now: number; limit: number; leaseMs: number }): Promise<OutboxClaim> {
    const token = randomUUID();
    const until = args.now + args.leaseMs;
    if (args.limit <= 0) return { token, entries: [], until };
    const { rows } = await this.db.query<DueOutboxRow>(CLAIM_DUE, [args.now, args.limit, token, until]);
    // RETURNING keeps no order: oldest due first, as claimed.
    rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || byCodeUnits(a.call_id, b.call_id));
    return { token, entries: rows.map(toOutboxEntry), until };
  }

  async renewOutboxClaim(args: { token: string; until: number }): Promise<number> {
    return (await this.db.query('UPDATE outbox SET lease_until = $2 WHERE lease_owner = $1', [args.token, args.until])).rowCount;
  }

  async markDelivered(args: { callId: string; version: number; crmId: string; now: number; claim?: string }): Promise<void> {
    await this.db.query(MARK_DELIVERED, [args.callId, args.version, args.crmId, args.now, args.claim ?? null]);
  }

  async markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number; claim?: string }): Promise<void> {
    await this.db.query(MARK_RETRY, [args.callId, args.version, args.nextAttemptAt, args.error, args.now, args.claim ?? null]);
  }

  async markDead(args: { callId: string; version: number; error: string; now: number; claim?: string }): Promise<void> {
    await this.db.query(MARK_DEAD, [args.callId, args.version, args.error, args.now, args.claim ?? null]);
  }

  async deadLetters(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.db.query<OutboxRow>(`SELECT ${ENTRY_COLUMNS} FROM outbox WHERE status = 'dead' ORDER BY updated_at DESC LIMIT $1`, [limit]);
    return rows.map(toOutboxEntry);
  }

  /** Queues a dead letter again, due now; its delivery latency counts from this replay. */
  async replayDeadLetter(callId: string, now: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2, pending_since = $2, queued_at = $2
       WHERE call_id = $1 AND status = 'dead'`,
      [callId, now],
    );
    return rowCount === 1;
  }

  async outboxCounts(now: number): Promise<OutboxCounts> {
    const { rows } = await this.db.query<{ pending: number; delivered: number; dead: number; oldest: number | null }>(PG_OUTBOX_COUNTS_SQL);
    const row = rows[0]!;
    return { pending: row.pending, delivered: row.delivered, dead: row.dead, oldestPendingAgeMs: row.oldest === null ? 0 : Math.max(0, now - row.oldest) };
  }

  async callLogStatus(leg: string): Promise<CallLogStatus | null> {
    const { rows } = await this.db.query<CallLogStatusRow>(
      // Events not folded yet (a wrap-up just posted) make a delivered log stale: it is pending again.
      `SELECT CASE WHEN c.folded_version < c.version THEN 'pending' ELSE o.status END AS status, o.crm_id
       FROM calls c LEFT JOIN outbox o ON o.call_id = c.call_id WHERE c.call_id = $1`,
      [leg],
    );
    return toCallLogStatus(rows[0]);
  }

  /** Entries not delivered yet, longest waiting first (`outbox_waiting` index). */
  async pendingOutbox(limit: number): Promise<PendingOutboxEntry[]> {
    const { rows } = await this.db.query<PendingOutboxEntry>(
      `SELECT call_id AS "callId", version, attempts, last_error AS "lastError", next_attempt_at AS "nextAttemptAt",
              COALESCE(pending_since, updated_at) AS "pendingSince"
       FROM outbox WHERE status = 'pending' ORDER BY pending_since, call_id LIMIT $1`,
      [limit],
    );
    return rows;
  }
}
