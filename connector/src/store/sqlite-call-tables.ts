import type Database from 'better-sqlite3';
import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import { callLegKey } from '../domain/call-leg-key.js';
import type { CallRecord } from '../domain/call-record.js';
import { outboxUpsertSql } from './outbox-upsert-sql.js';
import { SqliteCallFactTable } from './sqlite-call-fact-table.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import { byCodeUnits } from './usage-counts.js';

const UPSERT_OUTBOX = outboxUpsertSql({ callId: '@callId', version: '@version', log: '@log', now: '@now', dueAt: '@dueAt', least: 'MIN' });

/**
 * Holds up to @limit calls with events not yet folded (found through `calls_to_fold`), oldest last event first, that
 * no live fold claim holds, until @until.
 */
const CLAIM_TO_FOLD = `UPDATE calls SET fold_lease_until = @until
  WHERE call_id IN (
    SELECT call_id FROM calls
    WHERE folded_version < version AND (fold_lease_until IS NULL OR fold_lease_until <= @now)
    ORDER BY last_received_at LIMIT @limit)
  RETURNING call_id AS callId, version, last_received_at AS lastReceivedAt`;

/** Saves a fold unless a newer one was saved, and ends the call's fold hold. */
const SAVE_FOLD = `UPDATE calls SET folded_version = @version, ended = MAX(ended, @ended), record_type = @recordType,
    record_id = @recordId, started_at = @startedAt, record = @record, fold_lease_until = NULL
  WHERE call_id = @callId AND folded_version <= @version`;

/** Ends a call's fold hold, for a fold that turned out stale. */
const RELEASE_FOLD = 'UPDATE calls SET fold_lease_until = NULL WHERE call_id = ? AND fold_lease_until IS NOT NULL';

/**
 * Call events, folded calls and the heartbeat sweep, on SQLite. Synchronous: better-sqlite3 commits on return.
 * Rows are keyed by call leg (`callLegKey`): the `call_id` columns hold `<agent>:<SIP Call-ID>`.
 */
export class SqliteCallTables {
  private readonly insertEvent;
  private readonly bumpCall;
  private readonly selectEvents;
  /** Statements on columns a later migration added, prepared on first use (a store opened at an older schema builds). */
  private readonly statement: LazyStatements;
  private readonly selectStale;
  private readonly deadOnArrival;
  private readonly selectByRecord;
  private readonly selectByRecordAndAgent;
  private readonly countOpen;

  /** `facts`: where each saved fold's usage goes, in the fold's transaction. */
  constructor(
    private readonly db: Database.Database,
    private readonly facts = new SqliteCallFactTable(db),
  ) {
    this.statement = lazyStatements(db);
    this.insertEvent = db.prepare(
      `INSERT INTO call_events (event_id, call_id, agent_id, type, occurred_at, received_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, event_id) DO NOTHING`,
    );
    // A heartbeat only proves the widget is alive: it changes no field of the call, so it must not cause a refold
    // and a fresh upsert of a delivered call (version 0 for a call known only from heartbeats so far).
    // An `ended` event marks the call ended at once, before it is folded: a slow fold must not leave a finished call
    // counting against the agent's concurrent calls.
    this.bumpCall = db.prepare(
      `INSERT INTO calls (call_id, agent_id, version, last_received_at, ended) VALUES (@callId, @agentId, @bump, @receivedAt, @ended)
       ON CONFLICT (call_id) DO UPDATE SET version = version + @bump,
         last_received_at = MAX(last_received_at, excluded.last_received_at), ended = MAX(ended, excluded.ended)`,
    );
    this.selectEvents = db.prepare('SELECT body FROM call_events WHERE call_id = ?');
    this.deadOnArrival = db.prepare(
      "UPDATE outbox SET status = 'dead', last_error = ?, updated_at = ? WHERE call_id = ? AND version = ? AND status = 'pending'",
    );
    this.selectStale = db.prepare(
      'SELECT call_id AS callId, agent_id AS agentId FROM calls WHERE ended = 0 AND last_received_at < ? ORDER BY last_received_at LIMIT ?',
    );
    this.selectByRecord = db.prepare(
      `SELECT record FROM calls WHERE record_type = ? AND record_id = ? AND record IS NOT NULL
       ORDER BY started_at DESC, call_id DESC LIMIT ?`,
    );
    this.selectByRecordAndAgent = db.prepare(
      `SELECT record FROM calls WHERE record_type = ? AND record_id = ? AND agent_id = ? AND record IS NOT NULL
       ORDER BY started_at DESC, call_id DESC LIMIT ?`,
    );
    this.countOpen = db.prepare('SELECT COUNT(*) AS n FROM calls WHERE ended = 0 AND last_received_at >= ?');
  }

  /** Several requests' events in one transaction (see `GroupCommit`): what each request's events added, in order. */
  appendCallEventGroups(groups: readonly { readonly events: readonly CallEvent[]; readonly receivedAt: number }[]): { inserted: number; duplicates: number }[] {
    return this.db.transaction(() => groups.map(({ events, receivedAt }) => this.insertEvents(events, receivedAt)))();
  }

  private insertEvents(events: readonly CallEvent[], receivedAt: number): { inserted: number; duplicates: number } {
    let inserted = 0;
    for (const e of events) {
      const leg = callLegKey(e.agentId, e.callId);
      const result = this.insertEvent.run(e.eventId, leg, e.agentId, e.type, e.occurredAt, receivedAt, JSON.stringify(e));
      if (result.changes === 1) {
        inserted += 1;
        this.bumpCall.run({ callId: leg, agentId: e.agentId, bump: e.type === 'heartbeat' ? 0 : 1, receivedAt, ended: e.type === 'ended' ? 1 : 0 });
      }
    }
    return { inserted, duplicates: events.length - inserted };
  }

  callEvents(callId: string): CallEvent[] {
    return (this.selectEvents.all(callId) as { body: string }[]).map((r) => JSON.parse(r.body) as CallEvent);
  }

  /**
   * One IMMEDIATE transaction, so two connections to the file (two instances) cannot both take a call: the second
   * waits for the first's commit and sees its holds.
   */
  claimToFold(args: { now: number; limit: number; leaseMs: number }): { callId: string; version: number }[] {
    const rows = this.db
      .transaction(() => this.statement(CLAIM_TO_FOLD).all({ now: args.now, until: args.now + args.leaseMs, limit: args.limit }))
      .immediate() as { callId: string; version: number; lastReceivedAt: number }[];
    return rows
      .sort((a, b) => a.lastReceivedAt - b.lastReceivedAt || byCodeUnits(a.callId, b.callId))
      .map(({ callId, version }) => ({ callId, version }));
  }

  saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; dueAt?: number; deadReason?: string }): void {
    const { callId, version, record, log, now, deadReason } = args;
    const dueAt = args.dueAt ?? now;
    this.db.transaction(() => {
      const saved = this.statement(SAVE_FOLD).run({
        version,
        ended: record.endedAt ? 1 : 0,
        recordType: record.record?.objectType ?? null,
        recordId: record.record?.id ?? null,
        startedAt: record.startedAt,
        record: JSON.stringify(record),
        callId,
      });
      // A newer fold was saved meanwhile (another worker): this one is stale and must not requeue an older log.
      if (saved.changes === 0) {
        this.statement(RELEASE_FOLD).run(callId);
        return;
      }
      this.facts.replace(callId, record);
      if (log) this.statement(UPSERT_OUTBOX).run({ callId, version, log: JSON.stringify(log), now, dueAt });
      if (log && deadReason) this.deadOnArrival.run(deadReason, now, callId, version);
    })();
  }

  skipFold(callId: string, version: number): void {
    this.statement('UPDATE calls SET folded_version = MAX(folded_version, ?), fold_lease_until = NULL WHERE call_id = ?').run(version, callId);
  }

  staleOpenCalls(receivedBefore: number, limit: number): { callId: string; agentId: string }[] {
    return this.selectStale.all(receivedBefore, limit) as { callId: string; agentId: string }[];
  }

  /** Calls not ended heard from at or after `receivedSince` (served by the partial index `calls_open`). */
  countInProgress(receivedSince: number): number {
    return (this.countOpen.get(receivedSince) as { n: number }).n;
  }

  recordCalls(ref: CallRecordRef, limit: number, agentId?: string): CallRecord[] {
    const rows = agentId === undefined ? this.selectByRecord.all(ref.objectType, ref.id, limit) : this.selectByRecordAndAgent.all(ref.objectType, ref.id, agentId, limit);
    return (rows as { record: string }[]).map(
      (r) => JSON.parse(r.record) as CallRecord,
    );
  }
}
