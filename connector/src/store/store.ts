import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import type { CallRecord } from '../domain/call-record.js';
import type { SealedSecret } from '../secrets/secret-box.js';

/** An agent as the connector knows it; the bearer token is kept only as a SHA-256 hash. */
export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly crmUserId: string | null;
  readonly disabled: boolean;
}

/**
 * An agent's SIP account as stored. The password is only ever held sealed; a null `domain`, `authUser` or `wsServer`
 * means the default (the tenant's `SIP_DOMAIN`, the username, the tenant's `SIP_WS_URL`) whenever it is read.
 */
export interface StoredSipAccount {
  readonly username: string;
  readonly domain: string | null;
  readonly authUser: string | null;
  readonly sealedPassword: SealedSecret;
  readonly displayName: string | null;
  readonly wsServer: string | null;
}

/** One ended call's latest log waiting for (or refused by) the CRM. */
export interface OutboxEntry {
  readonly callId: string;
  readonly version: number;
  readonly log: CallLog;
  readonly attempts: number;
  readonly lastError: string | null;
}

/** Where one call leg's CRM activity stands, for the agent's widget (a host refreshes its view once `delivered`). */
export interface CallLogStatus {
  /** `pending` also covers a call whose events are stored but not yet folded into a log. */
  readonly status: 'pending' | 'delivered' | 'dead';
  /** The CRM's id of the activity once delivered. */
  readonly crmId: string | null;
}

export interface OutboxCounts {
  readonly pending: number;
  readonly delivered: number;
  readonly dead: number;
  /** Milliseconds since the oldest pending entry was last changed, 0 when none. */
  readonly oldestPendingAgeMs: number;
}

/**
 * The connector's own persistence, behind one interface so that SQLite (the embedded default) and PostgreSQL
 * (several instances) can both serve.
 *
 * Contract:
 * - `open` has applied every migration before the store is handed out; `ping` resolves only when a query round-trips;
 *   `close` is idempotent.
 * - Calls are kept per leg: one agent's side of a SIP Call-ID (`callLegKey`). Every `callId` below, and in the outbox,
 *   is that leg key; the events and records inside hold the SIP Call-ID itself.
 * - `appendCallEvents` MUST be durable when it resolves (the API answers 202 only then) and MUST ignore an event whose
 *   id its leg already holds. Every inserted event but a heartbeat bumps its leg's version, so a later fold
 *   supersedes an earlier one.
 * - Outbox writes are conditional on the version they were read at: a log delivered while a newer version was
 *   written stays pending, so a correction is never lost.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  schemaVersion(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Creates the agent and, when given, its SIP account, in one transaction: both or neither. */
  createAgent(agent: Agent & { readonly tokenHash: string; readonly sip?: StoredSipAccount | null }): Promise<void>;
  agentByTokenHash(tokenHash: string): Promise<Agent | null>;
  agentById(id: string): Promise<Agent | null>;
  /** Sets or replaces (with null: removes) the agent's SIP account. False when there is no such agent. */
  setAgentSip(agentId: string, sip: StoredSipAccount | null): Promise<boolean>;
  agentSip(agentId: string): Promise<StoredSipAccount | null>;

  appendCallEvents(events: readonly CallEvent[], receivedAt: number): Promise<{ inserted: number; duplicates: number }>;
  /** The events of one call leg (`callLegKey(agentId, callId)`). */
  callEvents(leg: string): Promise<CallEvent[]>;
  /** Calls with events not yet folded, oldest first. */
  callsToFold(limit: number): Promise<{ callId: string; version: number }[]>;
  /**
   * Stores a fold of `version`; with a log that differs from the queued one, (re)queues it for the CRM. With
   * `deadReason`, the log goes straight to the dead letters instead, for an admin to see (a later fold with a complete
   * log queues it again by itself).
   */
  saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; deadReason?: string }): Promise<void>;
  /** Marks `version` folded without a record: its events cannot be folded (logged by the caller), never retried. */
  skipFold(callId: string, version: number): Promise<void>;
  /** Calls not ended whose last event was received before `receivedBefore` (ms since epoch). */
  staleOpenCalls(receivedBefore: number, limit: number): Promise<{ callId: string; agentId: string }[]>;
  recordCalls(ref: CallRecordRef, limit: number): Promise<CallRecord[]>;

  dueOutbox(now: number, limit: number): Promise<OutboxEntry[]>;
  markDelivered(args: { callId: string; version: number; crmId: string; now: number }): Promise<void>;
  markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number }): Promise<void>;
  markDead(args: { callId: string; version: number; error: string; now: number }): Promise<void>;
  deadLetters(limit: number): Promise<OutboxEntry[]>;
  /** Puts a dead letter back in the queue, due now. False when there is no such dead letter. */
  replayDeadLetter(callId: string, now: number): Promise<boolean>;
  outboxCounts(now: number): Promise<OutboxCounts>;
  /** The CRM log of one call leg; null when the connector holds no event of it. */
  callLogStatus(leg: string): Promise<CallLogStatus | null>;
}
