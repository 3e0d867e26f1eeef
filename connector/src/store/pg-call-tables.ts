import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import { callLegKey } from '../domain/call-leg-key.js';
import type { CallRecord } from '../domain/call-record.js';
import { outboxUpsertSql } from './outbox-upsert-sql.js';
import { PgCallFactTable } from './pg-call-fact-table.js';
import type { PgDatabase } from './pg-database.js';
import { byCodeUnits } from './usage-counts.js';

/**
 * Inserts a batch of events in the order given (by leg, then event id), skipping those already held. `RETURNING`
 * names only the rows inserted.
 */
const INSERT_EVENTS = `INSERT INTO call_events (call_id, event_id, agent_id, type, occurred_at, received_at, body)
  SELECT e.call_id, e.event_id, e.agent_id, e.type, e.occurred_at, $7, e.body
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
    AS e (call_id, event_id, agent_id, type, occurred_at, body, n)
  ORDER BY e.n
  ON CONFLICT (call_id, event_id) DO NOTHING
  RETURNING call_id, agent_id, type`;

/**
 * Bumps each leg's version by its inserted events other than heartbeats (a heartbeat only proves the widget is alive:
 * it changes no field of the call, so it must not cause a refold and a fresh upsert of a delivered call), in the
 * order given (by leg). An `ended` event marks the call ended at once, before it is folded: a slow fold must not leave
 * a finished call counting against the agent's concurrent calls.
 */
const BUMP_CALLS = `INSERT INTO calls (call_id, agent_id, version, last_received_at, ended)
  SELECT c.call_id, c.agent_id, c.bump, $4, c.ended
  FROM unnest($1::text[], $2::text[], $3::bigint[], $5::boolean[]) WITH ORDINALITY AS c (call_id, agent_id, bump, ended, n)
  ORDER BY c.n
  ON CONFLICT (call_id) DO UPDATE SET version = calls.version + excluded.version,
    last_received_at = GREATEST(calls.last_received_at, excluded.last_received_at), ended = calls.ended OR excluded.ended`;

const UPSERT_OUTBOX = outboxUpsertSql({ callId: '$1', version: '$2', log: '$3', now: '$4', dueAt: '$5', least: 'LEAST' });

/**
 * Takes up to $2 calls with events not yet folded (`calls_to_fold`), oldest last event first, that no live fold claim
 * holds, and holds them until $3. `FOR UPDATE SKIP LOCKED`: a call another instance is claiming, folding or appending
 * to at this moment is skipped, not waited for, so two concurrent claims never return the same call; one whose hold
 * committed just before is re-checked against it and left out. `MATERIALIZED`: the locking query runs once, as
 * written, whatever plan the UPDATE gets, so it locks (and limits) exactly the rows it hands on.
 */
const CLAIM_TO_FOLD = `WITH due AS MATERIALIZED (
    SELECT call_id FROM calls
    WHERE folded_version < version AND (fold_lease_until IS NULL OR fold_lease_until <= $1)
    ORDER BY last_received_at LIMIT $2
    FOR UPDATE SKIP LOCKED)
  UPDATE calls SET fold_lease_until = $3 FROM due WHERE calls.call_id = due.call_id
  RETURNING calls.call_id AS "callId", calls.version, calls.last_received_at AS "lastReceivedAt"`;

/**
 * Call events, folded calls and the heartbeat sweep, on PostgreSQL, shared by every connector instance. Rows are keyed
 * by call leg (`callLegKey`): the `call_id` columns hold `<agent>:<SIP Call-ID>`.
 *
 * Concurrency: every transaction that locks several rows locks them in one order (events by leg then event id, calls
 * by leg), so two batches touching the same calls in different orders queue instead of deadlocking; a fold locks its
 * call row first (see `saveFold`). A fold claim skips the rows it finds locked instead of waiting for them, so it
 * never takes part in a deadlock.
 */
export class PgCallTables {
  private readonly facts = new PgCallFactTable();

  constructor(private readonly db: PgDatabase) {}

  /** Durable when it resolves: one transaction, committed. */
  async appendCallEvents(events: readonly CallEvent[], receivedAt: number): Promise<{ inserted: number; duplicates: number }> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    const rows = events
      .map((event) => ({ leg: callLegKey(event.agentId, event.callId), event }))
      .sort((a, b) => byCodeUnits(a.leg, b.leg) || byCodeUnits(a.event.eventId, b.event.eventId));
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ call_id: string; agent_id: string; type: string }>(INSERT_EVENTS, [
        rows.map((row) => row.leg),
        rows.map((row) => row.event.eventId),
        rows.map((row) => row.event.agentId),
        rows.map((row) => row.event.type),
        rows.map((row) => row.event.occurredAt),
        rows.map((row) => JSON.stringify(row.event)),
        receivedAt,
      ]);
      const legs = new Map<string, { agentId: string; bump: number; ended: boolean }>();
      for (const row of inserted.rows) {
        const leg = legs.get(row.call_id) ?? { agentId: row.agent_id, bump: 0, ended: false };
        if (row.type !== 'heartbeat') leg.bump += 1;
        if (row.type === 'ended') leg.ended = true;
        legs.set(row.call_id, leg);
      }
      const bumps = [...legs].sort(([a], [b]) => byCodeUnits(a, b));
      if (bumps.length > 0) {
        await tx.query(BUMP_CALLS, [
          bumps.map(([leg]) => leg),
          bumps.map(([, leg]) => leg.agentId),
          bumps.map(([, leg]) => leg.bump),
          receivedAt,
          bumps.map(([, leg]) => leg.ended),
        ]);
      }
      return { inserted: inserted.rowCount, duplicates: events.length - inserted.rowCount };
    });
  }

  async callEvents(leg: string): Promise<CallEvent[]> {
    const { rows } = await this.db.query<{ body: string }>('SELECT body FROM call_events WHERE call_id = $1 ORDER BY event_id', [leg]);
    return rows.map((row) => JSON.parse(row.body) as CallEvent);
  }

  /** One statement; RETURNING follows no order, so the calls are put back in the order they were taken. */
  async claimToFold(args: { now: number; limit: number; leaseMs: number }): Promise<{ callId: string; version: number }[]> {
    const { rows } = await this.db.query<{ callId: string; version: number; lastReceivedAt: number }>(CLAIM_TO_FOLD, [
      args.now,
      args.limit,
      args.now + args.leaseMs,
    ]);
    return rows
      .sort((a, b) => a.lastReceivedAt - b.lastReceivedAt || byCodeUnits(a.callId, b.callId))
      .map(({ callId, version }) => ({ callId, version }));
  }

  /**
   * One transaction: the conditional UPDATE of the call row first (it takes the row's lock, so a concurrent fold of
   * the same leg waits, then finds the version it may save), then the usage fact and rollups, then the outbox. The
   * call's fold hold ends with it, saved or stale.
   */
  async saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; dueAt?: number; deadReason?: string }): Promise<void> {
    const { callId, version, record, log, now, deadReason } = args;
    const dueAt = args.dueAt ?? now;
    await this.db.transaction(async (tx) => {
      const saved = await tx.query(
        `UPDATE calls SET folded_version = $2, ended = ended OR $3, record_type = $4, record_id = $5, started_at = $6, record = $7,
                fold_lease_until = NULL
         WHERE call_id = $1 AND folded_version <= $2`,
        [callId, version, record.endedAt !== null, record.record?.objectType ?? null, record.record?.id ?? null, record.startedAt, JSON.stringify(record)],
      );
      // A newer fold was saved meanwhile (another worker): this one is stale and must not requeue an older log.
      if (saved.rowCount === 0) {
        await tx.query('UPDATE calls SET fold_lease_until = NULL WHERE call_id = $1 AND fold_lease_until IS NOT NULL', [callId]);
        return;
      }
      await this.facts.replace(tx, callId, record);
      if (!log) return;
      await tx.query(UPSERT_OUTBOX, [callId, version, JSON.stringify(log), now, dueAt]);
      if (deadReason) {
        await tx.query(
          "UPDATE outbox SET status = 'dead', last_error = $1, updated_at = $2 WHERE call_id = $3 AND version = $4 AND status = 'pending'",
          [deadReason, now, callId, version],
        );
      }
    });
  }

  async skipFold(callId: string, version: number): Promise<void> {
    await this.db.query('UPDATE calls SET folded_version = GREATEST(folded_version, $2), fold_lease_until = NULL WHERE call_id = $1', [
      callId,
      version,
    ]);
  }

  async staleOpenCalls(receivedBefore: number, limit: number): Promise<{ callId: string; agentId: string }[]> {
    const { rows } = await this.db.query<{ callId: string; agentId: string }>(
      'SELECT call_id AS "callId", agent_id AS "agentId" FROM calls WHERE NOT ended AND last_received_at < $1 ORDER BY last_received_at LIMIT $2',
      [receivedBefore, limit],
    );
    return rows;
  }

  /** Calls not ended heard from at or after `receivedSince` (served by the partial index `calls_open`). */
  async countCallsInProgress(receivedSince: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT COUNT(*)::integer AS n FROM calls WHERE NOT ended AND last_received_at >= $1', [receivedSince]);
    return rows[0]?.n ?? 0;
  }

  async recordCalls(ref: CallRecordRef, limit: number, agentId?: string): Promise<CallRecord[]> {
    const byAgent = agentId === undefined ? '' : ' AND agent_id = $4';
    const { rows } = await this.db.query<{ record: string }>(
      `SELECT record FROM calls WHERE record_type = $1 AND record_id = $2${byAgent} AND record IS NOT NULL
       ORDER BY started_at DESC, call_id DESC LIMIT $3`,
      agentId === undefined ? [ref.objectType, ref.id, limit] : [ref.objectType, ref.id, limit, agentId],
    );
    return rows.map((row) => JSON.parse(row.record) as CallRecord);
  }
}
