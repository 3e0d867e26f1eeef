import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import type { CallRecord } from '../domain/call-record.js';
import type { SealedSecret } from '../secrets/secret-box.js';
import type { MigrationEvent } from './migration-event.js';
import { PgAgentTable } from './pg-agent-table.js';
import { PgAuditTable } from './pg-audit-table.js';
import { PgCallTables } from './pg-call-tables.js';
import { describePgTarget } from './pg-target.js';
import { PgDatabase, type PgSessionLimits } from './pg-database.js';
import { migratePg, type NewerSchema } from './pg-migrate.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { PgOutboxTable } from './pg-outbox-table.js';
import { PgPolicyTable } from './pg-policy-table.js';
import { PgPresenceTable } from './pg-presence-table.js';
import { PgSipAccountTable } from './pg-sip-account-table.js';
import { PgUsageTables } from './pg-usage-tables.js';
import type {
  Agent, AgentPatch, AuditEntry, CallFact, CallLogStatus, DialCounts, NewAgent, OffsetSegment, OutboxClaim,
  OutboxCounts, OutboxEntry, PendingOutboxEntry, Store, StoredSipAccount, StoredTenantPolicy, UsageFilter,
  UsageReport, WidgetPresence
} from './store.js';

/** A schema name the store accepts: what `DATABASE_SCHEMA` accepts, so it never needs quoting rules of its own. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgStoreOptions {
  /** The schema the store's tables live in, created when missing; default: the server's search_path (`public`). */
  readonly schema?: string;
  readonly onMigration?: (event: MigrationEvent) => void;
  readonly migrations?: typeof PG_MIGRATIONS;
  /** Connections kept to the database (default 10). */
  readonly poolSize?: number;
  /** Told when the schema holds a migration newer than this code knows (see `migratePg`); the store opens anyway. */
  readonly onNewerSchema?: (versions: NewerSchema) => void;
  /**
   * Told when a pooled connection breaks (server restart, failover, network); the pool replaces it. The error names
   * no password, but may name the host: log its `code`.
   */
  readonly onConnectionError?: (error: Error) => void;
  /** The session limits (default `PG_SESSION_LIMITS`); tests shorten them. */
  readonly limits?: PgSessionLimits;
}

/**
 * The shared store: PostgreSQL, so several stateless connector instances serve one tenant. Every write that SQLite
 * made safe by its single writer is one statement or one transaction here, with row or advisory locks where two
 * instances could otherwise interleave (see each table). The database URL's password never appears in an error.
 */
export class PgStore implements Store {
  readonly kind = 'postgres' as const;
  private closed = false;
  private readonly agents: PgAgentTable;
  private readonly sipAccounts: PgSipAccountTable;
  private readonly audit: PgAuditTable;
  private readonly policy: PgPolicyTable;
  private readonly presence: PgPresenceTable;
  private readonly calls: PgCallTables;
  private readonly outbox: PgOutboxTable;
  private readonly usageTables: PgUsageTables;

  private constructor(private readonly db: PgDatabase) {
    this.agents = new PgAgentTable(db);
    this.sipAccounts = new PgSipAccountTable(db);
    this.audit = new PgAuditTable(db);
    this.policy = new PgPolicyTable(db);
    this.presence = new PgPresenceTable(db);
    this.calls = new PgCallTables(db);
    this.outbox = new PgOutboxTable(db);
    this.usageTables = new PgUsageTables(db);
  }

  /**
   * Connects, creates the schema when missing, and applies the pending migrations (waiting for another instance
   * applying them at the same time). Fails, with the pool closed, when the schema name is invalid, the database
   * cannot be reached (the error names host, port and database, never the password), the connections do not work in
   * `schema` (a pooler dropped the startup options), or a migration fails.
   */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(options.schema)}: use lower-case letters, digits and _, not starting with a digit, at most 63`);
    }
    const target = describePgTarget(url);
    const db = PgDatabase.create({
      connectionString: url,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      poolSize: options.poolSize ?? 10,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
    try {
      await db.query('SELECT 1').catch((error: unknown) => {
        throw Object.assign(new Error(`cannot connect to PostgreSQL at ${target.where}: ${target.redact((error as Error).message)}`), {
          code: (error as { code?: string }).code,
        });
      });
      await migratePg(db, {
        ...(options.schema === undefined ? {} : { schema: options.schema }),
        migrations: options.migrations ?? PG_MIGRATIONS,
        onMigration: options.onMigration ?? (() => {}),
        ...(options.onNewerSchema ? { onNewerSchema: options.onNewerSchema } : {}),
      }).catch((error: unknown) => {
        (error as Error).message = target.redact((error as Error).message);
        throw error;
      });
    } catch (error) {
      await db.end();
      throw error;
    }
    return new PgStore(db);
  }

  async schemaVersion(): Promise<number> {
    const { rows } = await this.db.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations');
    return rows[0]!.v;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Ends the pool once every statement in flight has finished; later calls do nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.end();
  }

  async createAgent(agent: NewAgent): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.agents.insert(tx, agent);
      if (agent.sip) await this.sipAccounts.put(tx, agent.id, agent.sip);
    });
  }

  agentByTokenHash(tokenHash: string): Promise<Agent | null> {
    return this.agents.byTokenHash(tokenHash);
  }

  agentById(id: string): Promise<Agent | null> {
    return this.agents.byId(id);
  }

  agentByCrmUserId(crmUserId: string): Promise<Agent | null> {
    return this.agents.byCrmUserId(crmUserId);
  }

  listAgents(): Promise<Agent[]> {
    return this.agents.list();
  }

  updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    return this.agents.update(id, patch);
  }

  deleteAgent(id: string): Promise<boolean> {
    return this.agents.delete(id);
  }

  setSignInKey(id: string, tokenHash: string): Promise<boolean> {
    return this.agents.setTokenHash(id, tokenHash);
  }

  bumpSessionEpoch(id: string): Promise<number | null> {
    return this.agents.bumpEpoch(id);
  }

  setAgentSip(agentId: string, sip: StoredSipAccount | null): Promise<boolean> {
    return this.sipAccounts.set(agentId, sip);
  }

  agentSip(agentId: string): Promise<StoredSipAccount | null> {
    return this.sipAccounts.get(agentId);
  }

  sealedSipPasswords(): Promise<{ agentId: string; sealedPassword: SealedSecret }[]> {
    return this.sipAccounts.sealedPasswords();
  }

  resealSipPassword(agentId: string, expected: SealedSecret, replacement: SealedSecret): Promise<boolean> {
    return this.sipAccounts.reseal(agentId, expected, replacement);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.audit.append(entry);
  }

  auditLog(args: { limit: number; before?: number }): Promise<AuditEntry[]> {
    return this.audit.list(args.limit, args.before);
  }

  recordDial(agentId: string, at: number): Promise<void> {
    return this.audit.recordDial(agentId, at);
  }

  dialCounts(agentId: string, now: number): Promise<DialCounts> {
    return this.audit.dialCounts(agentId, now);
  }

  appendCallEvents(events: readonly CallEvent[], receivedAt: number): Promise<{ inserted: number; duplicates: number }> {
    return this.calls.appendCallEvents(events, receivedAt);
  }

  callEvents(leg: string): Promise<CallEvent[]> {
    return this.calls.callEvents(leg);
  }

  claimCallsToFold(args: { now: number; limit: number; leaseMs: number }): Promise<{ callId: string; version: number }[]> {
    return this.calls.claimToFold(args);
  }

  saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; dueAt?: number; deadReason?: string }): Promise<void> {
    return this.calls.saveFold(args);
  }

  skipFold(callId: string, version: number): Promise<void> {
    return this.calls.skipFold(callId, version);
  }

  staleOpenCalls(receivedBefore: number, limit: number): Promise<{ callId: string; agentId: string }[]> {
    return this.calls.staleOpenCalls(receivedBefore, limit);
  }

  recordCalls(ref: CallRecordRef, limit: number, agentId?: string): Promise<CallRecord[]> {
    return this.calls.recordCalls(ref, limit, agentId);
  }

  countCallsInProgress(receivedSince: number): Promise<number> {
    return this.calls.countCallsInProgress(receivedSince);
  }

  claimDueOutbox(args: { now: number; limit: number; leaseMs: number }): Promise<OutboxClaim> {
    return this.outbox.claimDueOutbox(args);
  }

  renewOutboxClaim(args: { token: string; until: number }): Promise<number> {
    return this.outbox.renewOutboxClaim(args);
  }

  markDelivered(args: { callId: string; version: number; crmId: string; now: number; claim?: string }): Promise<void> {
    return this.outbox.markDelivered(args);
  }

  markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number; claim?: string }): Promise<void> {
    return this.outbox.markRetry(args);
  }

  markDead(args: { callId: string; version: number; error: string; now: number; claim?: string }): Promise<void> {
    return this.outbox.markDead(args);
  }

  deadLetters(limit: number): Promise<OutboxEntry[]> {
    return this.outbox.deadLetters(limit);
  }

  replayDeadLetter(callId: string, now: number): Promise<boolean> {
    return this.outbox.replayDeadLetter(callId, now);
  }

  outboxCounts(now: number): Promise<OutboxCounts> {
    return this.outbox.outboxCounts(now);
  }

  callLogStatus(leg: string): Promise<CallLogStatus | null> {
    return this.outbox.callLogStatus(leg);
  }

  pendingOutbox(limit: number): Promise<PendingOutboxEntry[]> {
    return this.outbox.pendingOutbox(limit);
  }

  tenantPolicy(): Promise<StoredTenantPolicy | null> {
    return this.policy.get();
  }

  setTenantPolicy(policy: StoredTenantPolicy | null): Promise<void> {
    return this.policy.set(policy);
  }

  reportPresence(presence: WidgetPresence): Promise<void> {
    return this.presence.report(presence);
  }

  presenceSince(since: number): Promise<WidgetPresence[]> {
    return this.presence.since(since);
  }

  prunePresence(before: number): Promise<number> {
    return this.presence.prune(before);
  }

  recordRefusal(args: { agentId: string; at: number; code: string }): Promise<void> {
    return this.usageTables.recordRefusal(args);
  }

  usage(filter: UsageFilter, segments: readonly OffsetSegment[]): Promise<UsageReport> {
    return this.usageTables.usage(filter, segments);
  }

  callFacts(filter: UsageFilter, args: { limit: number; after?: { startedAt: number; leg: string } }): Promise<CallFact[]> {
    return this.usageTables.callFacts(filter, args);
  }
}
