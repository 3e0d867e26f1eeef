import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import type { CallRecord } from '../domain/call-record.js';
import type { OffsetSegment } from '../domain/usage-time-zone.js';
import type { SealedSecret } from '../secrets/secret-box.js';

/** What an agent may do: `admin` also manages agents, SIP accounts, the outbox and reads the audit log. */
export type AgentRole = 'agent' | 'admin';

/** Call limits of one agent; null follows the tenant's default (`CALLS_PER_MINUTE`, `CALLS_PER_DAY`, `CONCURRENT_CALLS`). */
export interface CallLimits {
  readonly callsPerMinute: number | null;
  readonly callsPerDay: number | null;
  readonly concurrentCalls: number | null;
}

export const NO_CALL_LIMITS: CallLimits = Object.freeze({ callsPerMinute: null, callsPerDay: null, concurrentCalls: null });

/**
 * An agent as the connector knows it. Its sign-in key (for the local sign-in) is kept only as a SHA-256 hash.
 * `sessionEpoch` is written into every session token it is issued; bumping it ends all of them at once.
 */
export interface Agent {
  readonly id: string;
  readonly name: string;
  /** The agent's user id in the connector's CRM: how a CRM sign-in finds it, and the owner of its call logs. */
  readonly crmUserId: string | null;
  readonly disabled: boolean;
  readonly role: AgentRole;
  /** A group of agents (a team or sub-account) for the admin pages and usage filters. */
  readonly team: string | null;
  /** The E.164 number shown to the people it calls, when the SIP server honours it; null for the account's own. */
  readonly callerId: string | null;
  /** ISO country codes this agent may call; null follows the tenant's `ALLOWED_COUNTRIES`. */
  readonly allowedCountries: readonly string[] | null;
  readonly limits: CallLimits;
  readonly sessionEpoch: number;
}

/** An agent to create: the profile fields left out take their defaults (role `agent`, no team, tenant policy). */
export type NewAgent = Pick<Agent, 'id' | 'name' | 'crmUserId' | 'disabled'> &
  Partial<Pick<Agent, 'role' | 'team' | 'callerId' | 'allowedCountries' | 'limits'>> & {
    /** SHA-256 of the agent's sign-in key (see `auth/sign-in-key.ts`). */
    readonly tokenHash: string;
    readonly sip?: StoredSipAccount | null;
  };

/** The fields an admin may change on an agent; absent fields stay as they are. */
export type AgentPatch = Partial<Pick<Agent, 'name' | 'crmUserId' | 'disabled' | 'role' | 'team' | 'callerId' | 'allowedCountries' | 'limits'>>;

/** One line of the audit log: an admin change or a refusal by policy. `details` never holds a secret. */
export interface AuditEntry {
  /** Set by the store: increasing in the order entries were written, the cursor for paging back. */
  readonly id?: number;
  readonly at: number;
  /** `admin-token`, `agent:<id>` or `system`. */
  readonly actor: string;
  /** A stable verb such as `agent.create`, `sip.password.set`, `call.refused`. */
  readonly action: string;
  readonly target: string | null;
  readonly outcome: 'ok' | 'refused';
  readonly details: Readonly<Record<string, unknown>>;
}

/** An agent's recent dialling, for its call limits. */
export interface DialCounts {
  readonly lastMinute: number;
  readonly lastDay: number;
  /** Calls of the agent not ended yet (either direction). */
  readonly inProgress: number;
}

/**
 * An agent's SIP account as stored. The password is only ever held sealed; a null `domain`, `authUser` or `wsServer`
 * means the default (the tenant's `SIP_DOMAIN`, the username, the tenant's `SIP_WS_URL`) whenever it is read.
 */
export interface StoredSipAccount {
  /**
   * `password`: a long-term password, stored sealed. `ephemeral`: no password is stored; the connector mints
   * time-limited credentials from the tenant's shared secret (Kamailio `autheph`), so no long-term secret reaches a browser.
   */
  readonly kind: 'password' | 'ephemeral';
  readonly username: string;
  readonly domain: string | null;
  readonly authUser: string | null;
  /** Non-null exactly when `kind` is `password`. */
  readonly sealedPassword: SealedSecret | null;
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
  /**
   * Ms since epoch: when this version of the log was queued (or replayed from the dead letters), so the delivery
   * latency of a correction saved long after the call counts from the correction, not from the call's end.
   */
  readonly queuedAt: number;
}

/** Due outbox entries claimed by one sender (see `Store.claimDueOutbox`). */
export interface OutboxClaim {
  /** Random, unique per claim: names the claim when settling or renewing. */
  readonly token: string;
  readonly entries: OutboxEntry[];
  /** Ms since epoch: when the lease runs out unless renewed. */
  readonly until: number;
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
 * The tenant's call policy and default call limits as an admin set them in the admin pages; while none is stored the
 * configuration's (`ALLOWED_COUNTRIES`, `BLOCK_PREMIUM_RATE`, `BLOCK_SHARED_COST`, `CALLS_PER_MINUTE`, ...) apply.
 */
export interface StoredTenantPolicy {
  readonly allowedCountries: readonly string[] | null;
  readonly blockPremiumRate: boolean;
  readonly blockSharedCost: boolean;
  readonly limits: { readonly callsPerMinute: number; readonly callsPerDay: number; readonly concurrentCalls: number };
  /** Ms since epoch. */
  readonly updatedAt: number;
}

/** A widget's SIP registration as it last reported it (`POST /api/v1/agent/presence`). */
export type WidgetRegistration = 'registered' | 'connecting' | 'unregistered' | 'failed';

export interface WidgetPresence {
  readonly agentId: string;
  /** Random per widget instance (browser tab), so two tabs of one agent are two widgets. */
  readonly widgetId: string;
  readonly registration: WidgetRegistration;
  /** Where the widget runs: `salesforce`, `hubspot`, `page` (the demo CRM or any web page). */
  readonly host: string;
  /** Ms since epoch of the report. */
  readonly at: number;
}

/**
 * Which calls a usage query or the calls export covers: calls that started in [`from`, `to`) (ms since epoch), of the
 * given agents (null: all) and of agents whose team is `team` now (null: any team). Both filters apply together.
 */
export interface UsageFilter {
  readonly from: number;
  readonly to: number;
  readonly agentIds: readonly string[] | null;
  readonly team: string | null;
}

/** See `domain/usage-time-zone.ts`: a span of one UTC offset, which the store turns instants into local days with. */
export type { OffsetSegment } from '../domain/usage-time-zone.js';

/** How a set of ended calls went. `handleSeconds` is answer to end plus wrap-up (capped), of answered calls. */
export interface UsageCounts {
  readonly calls: number;
  readonly inbound: number;
  readonly outbound: number;
  readonly answered: number;
  readonly noAnswer: number;
  readonly busy: number;
  readonly declined: number;
  readonly cancelled: number;
  readonly failed: number;
  readonly abandoned: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly handleSeconds: number;
}

/**
 * Usage over a filter, in a time zone given as offset segments. Days are local dates `YYYY-MM-DD`, hours local 0-23.
 * Every list is sorted (days and hours ascending, agents by id) and holds only entries with at least one call.
 */
export interface UsageReport {
  readonly totals: UsageCounts;
  readonly byDay: readonly (UsageCounts & { readonly day: string })[];
  readonly byHour: readonly (UsageCounts & { readonly hour: number })[];
  readonly byAgent: readonly (UsageCounts & { readonly agentId: string; readonly activeDays: number })[];
  /** Calls per agent per local day: by agent id, then day. */
  readonly byAgentDay: readonly { readonly agentId: string; readonly day: string; readonly calls: number; readonly answered: number; readonly talkSeconds: number }[];
  /** Dials the connector refused (policy or call limits) in the range, by the refusal's code, most first. */
  readonly refusals: readonly { readonly code: string; readonly count: number }[];
}

/** One ended call as the usage pages and the CSV export see it. Times are ms since epoch. */
export interface CallFact {
  /** The call leg key, `<agent id>:<SIP Call-ID>`. */
  readonly leg: string;
  readonly callId: string;
  readonly agentId: string;
  readonly direction: 'inbound' | 'outbound' | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly recordType: string | null;
  readonly recordId: string | null;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  /** End of the call to its wrap-up, whole seconds, capped at 30 minutes; 0 without a wrap-up. */
  readonly wrapUpSeconds: number;
  readonly result: string | null;
  readonly endCause: string | null;
  readonly sipStatus: number | null;
  readonly hungUpBy: string | null;
  readonly disposition: string | null;
  readonly notes: string | null;
}

/** An outbox entry that has not reached the CRM yet, for the admin pages. */
export interface PendingOutboxEntry {
  readonly callId: string;
  readonly version: number;
  readonly attempts: number;
  readonly lastError: string | null;
  /** Ms since epoch: when it is tried next. */
  readonly nextAttemptAt: number;
  /** Ms since epoch: since when it has waited for the CRM. */
  readonly pendingSince: number;
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

  /**
   * Creates the agent and, when given, its SIP account, in one transaction: both or neither. `sessionEpoch` starts at
   * a random value, so a session of a deleted agent never matches a new agent given the same id.
   * Throws {@link DuplicateAgentError} when the id or the CRM user id is taken.
   */
  createAgent(agent: NewAgent): Promise<void>;
  /** The agent whose sign-in key hashes to `tokenHash`. */
  agentByTokenHash(tokenHash: string): Promise<Agent | null>;
  agentById(id: string): Promise<Agent | null>;
  agentByCrmUserId(crmUserId: string): Promise<Agent | null>;
  /** Every agent, by id. */
  listAgents(): Promise<Agent[]>;
  /**
   * Applies the patch and returns the agent as it is now; null when there is no such agent. Disabling an agent or
   * changing its role or CRM user id bumps its session epoch, so sessions issued before end at once.
   * Throws {@link DuplicateAgentError} when the CRM user id belongs to another agent.
   */
  updateAgent(id: string, patch: AgentPatch): Promise<Agent | null>;
  /**
   * Deletes the agent and its SIP account (its calls and their logs stay) and retires its id: no agent is ever created
   * with it again. False when there is no such agent.
   */
  deleteAgent(id: string): Promise<boolean>;
  /** Replaces the sign-in key's hash and bumps the session epoch. False when there is no such agent. */
  setSignInKey(id: string, tokenHash: string): Promise<boolean>;
  /** Bumps the session epoch (ends every session of the agent); the new epoch, or null when there is no such agent. */
  bumpSessionEpoch(id: string): Promise<number | null>;
  /** Sets or replaces (with null: removes) the agent's SIP account. False when there is no such agent. */
  setAgentSip(agentId: string, sip: StoredSipAccount | null): Promise<boolean>;
  agentSip(agentId: string): Promise<StoredSipAccount | null>;
  /** Every stored sealed SIP password, for re-sealing under a new key. */
  sealedSipPasswords(): Promise<{ agentId: string; sealedPassword: SealedSecret }[]>;
  /** Replaces a sealed password only while it still equals `expected` (a concurrent change wins). */
  resealSipPassword(agentId: string, expected: SealedSecret, replacement: SealedSecret): Promise<boolean>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** The newest entries first, each with its `id`; `before` (an entry's id) pages back from there. */
  auditLog(args: { limit: number; before?: number }): Promise<AuditEntry[]>;

  /** Records a dial the connector allowed. */
  recordDial(agentId: string, at: number): Promise<void>;
  dialCounts(agentId: string, now: number): Promise<DialCounts>;

  appendCallEvents(events: readonly CallEvent[], receivedAt: number): Promise<{ inserted: number; duplicates: number }>;
  /** The events of one call leg (`callLegKey(agentId, callId)`). */
  callEvents(leg: string): Promise<CallEvent[]>;
  /**
   * Claims up to `limit` calls with events not yet folded, oldest last event first, that no live fold claim holds, and
   * holds each for `leaseMs` from `now`, with the version to fold: until the hold ends, no other caller, in this process
   * or another sharing the store, MUST be handed that call (two concurrent claims never return one call; PostgreSQL:
   * `FOR UPDATE SKIP LOCKED`). Instances sharing the store so split the folding instead of each folding every call.
   * The hold ends with `saveFold` or `skipFold` of the call, whatever the version, or when the lease runs out (the
   * instance died mid-fold). A call that received events while held is handed out again, at its new version, once the
   * hold ends.
   *
   * The hold names no claim: any `saveFold` or `skipFold` of the call ends it. Ending another's hold early only risks a
   * redundant fold of the call, which the version condition of `saveFold` makes harmless; the same holds when a batch
   * outlasts its lease and another instance takes its calls over.
   */
  claimCallsToFold(args: { now: number; limit: number; leaseMs: number }): Promise<{ callId: string; version: number }[]>;
  /**
   * Stores a fold of `version`; with a log that differs from the queued one, (re)queues it for the CRM, due at `dueAt`
   * (default `now`; later while the log waits for the agent's wrap-up). A pending log that has not failed yet moves to
   * the sooner of its due time and `dueAt`, so the fold that brings the wrap-up releases a held log at once, even when
   * the log reads the same (a skipped wrap-up). With `deadReason`, the log goes straight to the dead letters instead,
   * for an admin to see (a later fold with a complete log queues it again by itself). In the same transaction, the
   * call's usage fact replaces its earlier one in the rollups (see `usage`); a fold older than the one stored changes
   * nothing but ending the call's fold hold (`claimCallsToFold`).
   *
   * The rollups stay exact only because the call's fold row is updated first, conditional on the version, and so
   * written (and locked) before its fact is read and replaced: two folds of one call can never both subtract the same
   * earlier fact. SQLite gets this from its single writer. A PostgreSQL store MUST keep that order inside one
   * transaction (the conditional UPDATE of the call row takes its row lock before the fact is read), or lock the fact
   * row (`SELECT ... FOR UPDATE`) before reading it; reading the fact first would let two concurrent folds double count.
   */
  saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; dueAt?: number; deadReason?: string }): Promise<void>;
  /**
   * Marks `version` folded without a record: its events cannot be folded (logged by the caller), never retried. Ends
   * the call's fold hold, as `saveFold` does (stale or not).
   */
  skipFold(callId: string, version: number): Promise<void>;
  /** Calls not ended whose last event was received before `receivedBefore` (ms since epoch). */
  staleOpenCalls(receivedBefore: number, limit: number): Promise<{ callId: string; agentId: string }[]>;
  /** A record's calls, newest first; only those of `agentId` when given. */
  recordCalls(ref: CallRecordRef, limit: number, agentId?: string): Promise<CallRecord[]>;

  /**
   * Claims up to `limit` due entries (pending, `nextAttemptAt` <= `now`, not held by a live claim), oldest due first,
   * for `leaseMs`: until the claim settles an entry (`markDelivered`, `markRetry`, `markDead` with its token) or its
   * lease runs out, no other caller, in this process or another sharing the store, is handed that call's log. So at
   * most one upsert of a call is in flight, and an instance that dies mid-send (SIGKILL) loses its claims after
   * `leaseMs`, when another instance takes them over. A newer version queued while the call is claimed waits for the
   * claim too. Two concurrent claims never return the same call (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimDueOutbox(args: { now: number; limit: number; leaseMs: number }): Promise<OutboxClaim>;
  /**
   * Extends the lease of every entry the claim still holds to `until` (ms since epoch), for a send that outlasts
   * the lease; returns how many it holds. An entry settled or taken over by another claim is not extended.
   */
  renewOutboxClaim(args: { token: string; until: number }): Promise<number>;
  /**
   * The settling writes. Each applies its change conditional on the version, as before, whoever holds the call; with
   * `claim`, it also releases that claim's hold on the call (never another claim's), so the call's next version or
   * retry can be claimed at once. `markDelivered` of a version older than the one held records the CRM's id and the
   * delivered version only: the newer version's status, last error and time MUST stay as they are.
   */
  markDelivered(args: { callId: string; version: number; crmId: string; now: number; claim?: string }): Promise<void>;
  markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number; claim?: string }): Promise<void>;
  markDead(args: { callId: string; version: number; error: string; now: number; claim?: string }): Promise<void>;
  deadLetters(limit: number): Promise<OutboxEntry[]>;
  /** Puts a dead letter back in the queue, due now. False when there is no such dead letter. */
  replayDeadLetter(callId: string, now: number): Promise<boolean>;
  outboxCounts(now: number): Promise<OutboxCounts>;
  /** The CRM log of one call leg; null when the connector holds no event of it. */
  callLogStatus(leg: string): Promise<CallLogStatus | null>;

  /** The admin's tenant policy; null while none is stored (the configuration's applies). */
  tenantPolicy(): Promise<StoredTenantPolicy | null>;
  /** Stores (null: removes, back to the configuration's) the tenant policy. */
  setTenantPolicy(policy: StoredTenantPolicy | null): Promise<void>;

  /**
   * Records a widget's report, replacing the previous one of the same agent and widget unless that one is newer.
   * Reports are keyed by agent and widget (a widget id comes from the browser: one agent's report never replaces
   * another's), and each agent keeps only its 20 most recently heard widgets.
   */
  reportPresence(presence: WidgetPresence): Promise<void>;
  /** The latest report of every widget heard from at or after `since` (ms since epoch), by agent then widget. */
  presenceSince(since: number): Promise<WidgetPresence[]>;
  /** Forgets widgets last heard from before `before`; how many. */
  prunePresence(before: number): Promise<number>;
  /** Calls not ended whose last event was received at or after `receivedSince`: the calls in progress. */
  countCallsInProgress(receivedSince: number): Promise<number>;

  /** Records a dial the connector refused, with the refusal's stable code, for the usage pages. */
  recordRefusal(args: { agentId: string; at: number; code: string }): Promise<void>;
  /**
   * Usage of the calls that ended and started within the filter. Answered from rollups kept up to date by `saveFold`
   * (a refold replaces the call's earlier contribution), so a year of 200 agents answers in well under a second.
   * `segments` MUST cover [`filter.from`, `filter.to`) without gaps or overlaps, in order.
   */
  usage(filter: UsageFilter, segments: readonly OffsetSegment[]): Promise<UsageReport>;
  /**
   * The ended calls within the filter in start order (then leg), `limit` at a time; `after` (the last fact of the
   * previous page) continues from there. For the CSV export, so any range streams in bounded memory. Each page MUST
   * cost about the same from the first to the last (seek the cursor in an index; never walk the range from its start),
   * and a filter matching no agent (a team of none, unknown ids) MUST read no calls.
   */
  callFacts(filter: UsageFilter, args: { limit: number; after?: { startedAt: number; leg: string } }): Promise<CallFact[]>;

  /** Outbox entries not yet delivered, oldest waiting first (failed ones have `attempts` > 0 and a `lastError`). */
  pendingOutbox(limit: number): Promise<PendingOutboxEntry[]>;
}

/** An agent id or CRM user id is taken (`field` says which; `retiredId`: a deleted agent had the id). */
export class DuplicateAgentError extends Error {
  override readonly name = 'DuplicateAgentError';
  constructor(readonly field: 'id' | 'crmUserId' | 'retiredId') {
    super(
      field === 'id'
        ? 'an agent with this id exists already'
        : field === 'retiredId'
          ? 'a deleted agent had this id, and ids are never given again'
          : 'another agent has this CRM user id',
    );
  }
}
