import { randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DuplicateAgentError, NO_CALL_LIMITS, type Agent, type AgentPatch, type CallLimits, type NewAgent } from './store.js';

interface AgentRow {
  id: string;
  name: string;
  crm_user_id: string | null;
  disabled: number;
  role: string;
  team: string | null;
  caller_id: string | null;
  allowed_countries: string | null;
  limits: string;
  session_epoch: number;
}

/** Changes that end the agent's sessions: a disabled agent, or one whose rights or identity changed. */
const REVOKING: readonly (keyof AgentPatch)[] = ['disabled', 'role', 'crmUserId'];

/** The `agents` table: profiles, sign-in key hashes and session epochs. */
export class SqliteAgentTable {
  constructor(private readonly db: Database.Database) {}

  insert(agent: NewAgent): void {
    if (this.db.prepare('SELECT 1 FROM retired_agent_ids WHERE id = ?').get(agent.id)) throw new DuplicateAgentError('retiredId');
    this.unique(() =>
      this.db
        .prepare(
          `INSERT INTO agents (id, name, crm_user_id, token_hash, disabled, created_at, role, team, caller_id, allowed_countries, limits, session_epoch)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          agent.id,
          agent.name,
          agent.crmUserId,
          agent.tokenHash,
          agent.disabled ? 1 : 0,
          new Date().toISOString(),
          agent.role ?? 'agent',
          agent.team ?? null,
          agent.callerId ?? null,
          agent.allowedCountries ? JSON.stringify(agent.allowedCountries) : null,
          JSON.stringify(agent.limits ?? NO_CALL_LIMITS),
          // Random, not 0: a session issued to a deleted agent must not match a new agent created with the same id.
          randomInt(1, 2 ** 47),
        ),
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
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as AgentPatch;
    const next = { ...before, ...given };
    const revokes = REVOKING.some((key) => given[key] !== undefined && JSON.stringify(given[key]) !== JSON.stringify(before[key]));
    this.unique(() =>
      this.db
        .prepare(
          `UPDATE agents SET name = ?, crm_user_id = ?, disabled = ?, role = ?, team = ?, caller_id = ?, allowed_countries = ?,
             limits = ?, session_epoch = session_epoch + ? WHERE id = ?`,
        )
        .run(
          next.name,
          next.crmUserId,
          next.disabled ? 1 : 0,
          next.role,
          next.team,
          next.callerId,
          next.allowedCountries ? JSON.stringify(next.allowedCountries) : null,
          JSON.stringify(next.limits),
          revokes ? 1 : 0,
          id,
        ),
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
    const row = this.db.prepare(sql).get(value) as AgentRow | undefined;
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

function toAgent(row: AgentRow): Agent {
  const limits = JSON.parse(row.limits) as Partial<CallLimits>;
  return {
    id: row.id,
    name: row.name,
    crmUserId: row.crm_user_id,
    disabled: row.disabled === 1,
    role: row.role === 'admin' ? 'admin' : 'agent',
    team: row.team,
    callerId: row.caller_id,
    allowedCountries: row.allowed_countries ? (JSON.parse(row.allowed_countries) as string[]) : null,
    limits: {
      callsPerMinute: limits.callsPerMinute ?? null,
      callsPerDay: limits.callsPerDay ?? null,
      concurrentCalls: limits.concurrentCalls ?? null,
    },
    sessionEpoch: row.session_epoch,
  };
}
