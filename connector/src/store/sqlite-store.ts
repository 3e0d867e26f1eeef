import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CallLog } from '../crm/call-log.js';
import type { CallEvent, CallRecordRef } from '../domain/call-event.js';
import type { CallRecord } from '../domain/call-record.js';
import { SqliteCallTables } from './sqlite-call-tables.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SqliteOutboxTable } from './sqlite-outbox-table.js';
import { SqliteSipAccountTable } from './sqlite-sip-account-table.js';
import { SqliteAgentTable } from './sqlite-agent-table.js';
import { SqliteAuditTable } from './sqlite-audit-table.js';
import type { Agent, AgentPatch, NewAgent, AuditEntry, CallLogStatus, DialCounts, OutboxCounts, OutboxEntry, Store, StoredSipAccount } from './store.js';
import type { SealedSecret } from '../secrets/secret-box.js';

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so a write that returned survives a crash
 * of the process or the machine, and readers never wait for the writer.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private readonly calls: SqliteCallTables;
  private readonly outbox: SqliteOutboxTable;
  private readonly sipAccounts: SqliteSipAccountTable;
  private readonly agents: SqliteAgentTable;
  private readonly audit: SqliteAuditTable;

  private constructor(private readonly db: Database.Database) {
    this.agents = new SqliteAgentTable(db);
    this.audit = new SqliteAuditTable(db);
    this.calls = new SqliteCallTables(db);
    this.outbox = new SqliteOutboxTable(db);
    this.sipAccounts = new SqliteSipAccountTable(db);
  }

  /** Opens (creating the folder and file if needed) and migrates. `file` may be `:memory:` for tests. */
  static open(file: string, migrations = SQLITE_MIGRATIONS): SqliteStore {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
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

  async appendCallEvents(events: readonly CallEvent[], receivedAt: number) {
    return this.calls.appendCallEvents(events, receivedAt);
  }

  async callEvents(callId: string): Promise<CallEvent[]> {
    return this.calls.callEvents(callId);
  }

  async callsToFold(limit: number) {
    return this.calls.callsToFold(limit);
  }

  async saveFold(args: { callId: string; version: number; record: CallRecord; log: CallLog | null; now: number; deadReason?: string }) {
    this.calls.saveFold(args);
  }

  async skipFold(callId: string, version: number): Promise<void> {
    this.db.prepare('UPDATE calls SET folded_version = MAX(folded_version, ?) WHERE call_id = ?').run(version, callId);
  }

  async staleOpenCalls(receivedBefore: number, limit: number) {
    return this.calls.staleOpenCalls(receivedBefore, limit);
  }

  async recordCalls(ref: CallRecordRef, limit: number, agentId?: string): Promise<CallRecord[]> {
    return this.calls.recordCalls(ref, limit, agentId);
  }

  async dueOutbox(now: number, limit: number): Promise<OutboxEntry[]> {
    return this.outbox.dueOutbox(now, limit);
  }

  async markDelivered(args: { callId: string; version: number; crmId: string; now: number }) {
    this.outbox.markDelivered(args);
  }

  async markRetry(args: { callId: string; version: number; nextAttemptAt: number; error: string; now: number }) {
    this.outbox.markRetry(args);
  }

  async markDead(args: { callId: string; version: number; error: string; now: number }) {
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
}


function migrate(db: Database.Database, migrations: typeof SQLITE_MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
           ) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}
