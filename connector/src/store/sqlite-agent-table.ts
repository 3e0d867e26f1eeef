import type Database from 'better-sqlite3';
import { agentProfileValues, NEW_AGENT_COLUMNS, newAgentValues, toAgent, type AgentRow } from './agent-row.js';
import { mergeAgentPatch } from './merge-agent-patch.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import { DuplicateAgentError, type Agent, type AgentPatch, type NewAgent } from './store.js';

/** The `agents` table: profiles, sign-in key hashes and session epochs. */
export class SqliteAgentTable {
  /** Lookups run on every authenticated request: each statement is prepared once. */
  private readonly statement: LazyStatements;

  constructor(private readonly db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  insert(agent: NewAgent): void {
    if (this.db.prepare('SELECT 1 FROM retired_agent_ids WHERE id = ?').get(agent.id)) throw new DuplicateAgentError('retiredId');
    this.unique(() =>
      this.db.prepare(`INSERT INTO agents (${NEW_AGENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...sqliteValues(newAgentValues(agent))),
    );
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM agents WHERE id = ?').get(id) !== undefined;
  }

  byId(id: string): Agent | null {
    return this.one('SELECT * FROM agents WHERE id = ?', id);
  }

  byTokenHash(tokenHash: string): Agent | null {
    return this.one('SELECT * FROM agents WHERE token_hash = ?', tokenHash);
  }

  byCrmUserId(crmUserId: string): Agent | null {
    return this.one('SELECT * FROM agents WHERE crm_user_id = ?', crmUserId);
  }

  list(): Agent[] {
    return (this.db.prepare('SELECT * FROM agents ORDER BY id').all() as AgentRow[]).map(toAgent);
  }

  update(id: string, patch: AgentPatch): Agent | null {
    const before = this.byId(id);
    if (!before) return null;
    const { next, revokes } = mergeAgentPatch(before, patch);
    this.unique(() =>
      this.db
        .prepare(
          `UPDATE agents SET name = ?, crm_user_id = ?, disabled = ?, role = ?, team = ?, caller_id = ?, allowed_countries = ?,
             limits = ?, session_epoch = session_epoch + ? WHERE id = ?`,
        )
        .run(...sqliteValues(agentProfileValues(next)), revokes ? 1 : 0, id),
    );
    return this.byId(id);
  }

  /** Deletes the agent and retires its id (call in a transaction). */
  delete(id: string): boolean {
    if (this.db.prepare('DELETE FROM agents WHERE id = ?').run(id).changes === 0) return false;
    this.db.prepare('INSERT OR IGNORE INTO retired_agent_ids (id, retired_at) VALUES (?, ?)').run(id, new Date().toISOString());
    return true;
  }

  setTokenHash(id: string, tokenHash: string): boolean {
    return this.db.prepare('UPDATE agents SET token_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?').run(tokenHash, id).changes > 0;
  }

  bumpEpoch(id: string): number | null {
    const row = this.db.prepare('UPDATE agents SET session_epoch = session_epoch + 1 WHERE id = ? RETURNING session_epoch').get(id) as
      | { session_epoch: number }
      | undefined;
    return row?.session_epoch ?? null;
  }

  private one(sql: string, value: string): Agent | null {
    const row = this.statement(sql).get(value) as AgentRow | undefined;
    return row ? toAgent(row) : null;
  }

  /** Runs a write, turning SQLite's uniqueness failures into {@link DuplicateAgentError}. */
  private unique(write: () => unknown): void {
    try {
      write();
    } catch (error) {
      const message = (error as { code?: string; message?: string }).code?.startsWith('SQLITE_CONSTRAINT') ? String((error as Error).message) : '';
      if (message.includes('agents.crm_user_id')) throw new DuplicateAgentError('crmUserId');
      if (message.includes('agents.id')) throw new DuplicateAgentError('id');
      throw error;
    }
  }
}

/** SQLite has no boolean type (better-sqlite3 binds none): a flag is stored as 0 or 1. */
function sqliteValues(values: readonly unknown[]): unknown[] {
  return values.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}
