import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import type { CallRecord } from '../domain/call-record.js';
import { GroupCommit } from './group-commit.js';
import { SqliteCallTables } from './sqlite-call-tables.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SqliteOutboxTable } from './sqlite-outbox-table.js';
import { SqliteSipAccountTable } from './sqlite-sip-account-table.js';
import { SqliteAgentTable } from './sqlite-agent-table.js';
import { SqliteAuditTable } from './sqlite-audit-table.js';
import { SqlitePolicyTable } from './sqlite-policy-table.js';
import { SqlitePresenceTable } from './sqlite-presence-table.js';
import { SqliteCallFactPages } from './sqlite-call-fact-pages.js';
import { SqliteUsageTables } from './sqlite-usage-tables.js';
import type {
  Agent,
  AgentPatch,
  NewAgent,
  AuditEntry,
  CallFact,
  CallLogStatus,
  DialCounts,
  OffsetSegment,
  OutboxClaim,
  OutboxCounts,
  OutboxEntry,
  PendingOutboxEntry,
  Store,
  StoredSipAccount,
  StoredTenantPolicy,
  UsageFilter,
  UsageReport,
  WidgetPresence,
} from './store.js';
import type { SealedSecret } from '../secrets/secret-box.js';
import type { MigrationEvent } from './migration-event.js';

export type { MigrationEvent } from './migration-event.js';

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so a write that returned survives a crash
 * of the process or the machine, and readers never wait for the writer. Call events posted together are committed
 * together (`GroupCommit`), so a burst of widgets costs one disk wait per turn of the event loop, not one per request.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private readonly calls: SqliteCallTables;
  private readonly outbox: SqliteOutboxTable;
  private readonly sipAccounts: SqliteSipAccountTable;
  private readonly agents: SqliteAgentTable;
  private readonly audit: SqliteAuditTable;
  private readonly policy: SqlitePolicyTable;
  private readonly presence: SqlitePresenceTable;
  private readonly factPages: SqliteCallFactPages;
  private readonly usageTables: SqliteUsageTables;
  /** Call events of the requests that arrive together, committed together (one disk wait for all of them). */
  private readonly eventIntake: GroupCommit<{ readonly events: readonly CallEvent[]; readonly receivedAt: number }, { inserted: number; duplicates: number }>;

  private constructor(private readonly db: Database.Database) {
    this.agents = new SqliteAgentTable(db);
    this.audit = new SqliteAuditTable(db);
    this.factPages = new SqliteCallFactPages(db);
    this.calls = new SqliteCallTables(db);
    this.eventIntake = new GroupCommit((groups) => this.calls.appendCallEventGroups(groups));
    this.outbox = new SqliteOutboxTable(db);
    this.sipAccounts = new SqliteSipAccountTable(db);
    this.policy = new SqlitePolicyTable(db);
    this.presence = new SqlitePresenceTable(db);
    this.usageTables = new SqliteUsageTables(db);
  }

  /**
   * Opens (creating the folder and file if needed) and migrates. `file` may be `:memory:` for tests. A migration can
   * take minutes on a large store (version 5 fills usage from every call folded before), and the connector does not
   * listen until it is done: `onMigration` is told before and after each one runs, for the log.
   */
  static open(file: string, migrations = SQLITE_MIGRATIONS, options: { readonly onMigration?: (event: MigrationEvent) => void } = {}): SqliteStore {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, options.onMigration ?? (() => {}));
    return new SqliteStore(db);
  }

  async schemaVersion(): Promise<number> {
    const row = this.db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
    return row.v;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.eventIntake.flush();
    this.db.close();
  }

  async createAgent(agent: NewAgent): Promise<void> {
    this.db.transaction(() => {
      this.agents.insert(agent);
      if (agent.sip) this.sipAccounts.put(agent.id, agent.sip);
    })();
  }

  async setAgentSip(agentId: string, sip: StoredSipAccount | null): Promise<boolean> {
    return this.db.transaction(() => {
      if (!this.agents.exists(agentId)) return false;
      if (sip) this.sipAccounts.put(agentId, sip);
      else this.sipAccounts.remove(agentId);
      return true;
    })();
  }

  async agentSip(agentId: string): Promise<StoredSipAccount | null> {
    return this.sipAccounts.get(agentId);
  }

  async sealedSipPasswords(): Promise<{ agentId: string; sealedPassword: SealedSecret }[]> {
    return this.sipAccounts.sealedPasswords();
  }

  async resealSipPassword(agentId: string, expected: SealedSecret, replacement: SealedSecret): Promise<boolean> {
    return this.sipAccounts.reseal(agentId, expected, replacement);
  }

  async agentByTokenHash(tokenHash: string): Promise<Agent | null> {
    return this.agents.byTokenHash(tokenHash);
  }

  async agentById(id: string): Promise<Agent | null> {
    return this.agents.byId(id);
  }

  async agentByCrmUserId(crmUserId: string): Promise<Agent | null> {
    return this.agents.byCrmUserId(crmUserId);
  }

  async listAgents(): Promise<Agent[]> {
    return this.agents.list();
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    return this.db.transaction(() => this.agents.update(id, patch))();
  }

  async deleteAgent(id: string): Promise<boolean> {
    return this.db.transaction(() => this.agents.delete(id))();
  }

  async setSignInKey(id: string, tokenHash: string): Promise<boolean> {
    return this.agents.setTokenHash(id, tokenHash);
  }

  async bumpSessionEpoch(id: string): Promise<number | null> {
    return this.agents.bumpEpoch(id);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.append(entry);
  }

  async auditLog(args: { limit: number; before?: number }): Promise<AuditEntry[]> {
    return this.audit.list(args.limit, args.before);
  }

  async recordDial(agentId: string, at: number): Promise<void> {
    this.audit.recordDial(agentId, at);
  }

  async dialCounts(agentId: string, now: number): Promise<DialCounts> {
    return this.audit.dialCounts(agentId, now);
  }

  appendCallEvents(events: readonly CallEvent[], receivedAt: number): Promise<{ inserted: number; duplicates: number }> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return this.eventIntake.add({ events, receivedAt });
  }

  async callEvents(callId: string): Promise<CallEvent[]> {
    return this.calls.callEvents(callId);
  }

  async claimCallsToFold(args: { now: number; limit: number; leaseMs: number }) {
    return this.calls.claimToFold(args);
  }

  async saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; dueAt?: number; deadReason?: string }) {
    this.calls.saveFold(args);
  }

  async skipFold(callId: string, version: number): Promise<void> {
    this.calls.skipFold(callId, version);
  }

  async staleOpenCalls(receivedBefore: number, limit: number) {
    return this.calls.staleOpenCalls(receivedBefore, limit);
  }

  async recordCalls(ref: CallRecordRef, limit: number, agentId?: string): Promise<CallRecord[]> {
    return this.calls.recordCalls(ref, limit, agentId);
  }

  async claimDueOutbox(args: { now: number; limit: number; leaseMs: number }): Promise<OutboxClaim> {
    return this.outbox.claimDue(args);
  }

  async renewOutboxClaim(args: { token: string; until: number }): Promise<number> {
    return this.outbox.renewClaim(args);
  }

  async markDelivered(args: { callId: string; version: number; crmId: string; now: number; claim?: string }) {
    this.outbox.markDelivered(args);
  }

  async markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number; claim?: string }) {
    this.outbox.markRetry(args);
  }

  async markDead(args: { callId: string; version: number; error: string; now: number; claim?: string }) {
    this.outbox.markDead(args);
  }

  async deadLetters(limit: number): Promise<OutboxEntry[]> {
    return this.outbox.deadLetters(limit);
  }

  async replayDeadLetter(callId: string, now: number): Promise<boolean> {
    return this.outbox.replayDeadLetter(callId, now);
  }

  async callLogStatus(leg: string): Promise<CallLogStatus | null> {
    return this.outbox.callLogStatus(leg);
  }

  async outboxCounts(now: number): Promise<OutboxCounts> {
    return this.outbox.outboxCounts(now);
  }

  async pendingOutbox(limit: number): Promise<PendingOutboxEntry[]> {
    return this.outbox.pendingOutbox(limit);
  }

  async tenantPolicy(): Promise<StoredTenantPolicy | null> {
    return this.policy.get();
  }

  async setTenantPolicy(policy: StoredTenantPolicy | null): Promise<void> {
    this.policy.set(policy);
  }

  async reportPresence(presence: WidgetPresence): Promise<void> {
    this.presence.report(presence);
  }

  async presenceSince(since: number): Promise<WidgetPresence[]> {
    return this.presence.since(since);
  }

  async prunePresence(before: number): Promise<number> {
    return this.presence.prune(before);
  }

  async countCallsInProgress(receivedSince: number): Promise<number> {
    return this.calls.countInProgress(receivedSince);
  }

  async recordRefusal(args: { agentId: string; at: number; code: string }): Promise<void> {
    this.usageTables.recordRefusal(args);
  }

  /** Reads in one transaction, so a fold committed meanwhile shows in every part of the report or in none. */
  async usage(filter: UsageFilter, segments: readonly OffsetSegment[]): Promise<UsageReport> {
    return this.db.transaction(() => this.usageTables.usage(filter, segments))();
  }

  async callFacts(filter: UsageFilter, args: { limit: number; after?: { startedAt: number; leg: string } }): Promise<CallFact[]> {
    return this.factPages.page(filter, args);
  }
}


function migrate(db: Database.Database, migrations: typeof SQLITE_MIGRATIONS, onMigration: (event: MigrationEvent) => void): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
           ) STRICT`);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (isApplied.get(m.version)) continue;
    const started = performance.now();
    // IMMEDIATE, and checked again inside: a second process opening the same file at the same moment waits for the
    // first's migration (busy_timeout), then finds it applied instead of applying it twice.
    const ran = db.transaction(() => {
      if (isApplied.get(m.version)) return false;
      onMigration({ phase: 'started', version: m.version, name: m.name });
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      return true;
    }).immediate();
    if (ran) onMigration({ phase: 'applied', version: m.version, name: m.name, durationMs: Math.round(performance.now() - started) });
  }
}
