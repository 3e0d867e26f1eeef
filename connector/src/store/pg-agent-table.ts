import { agentProfileValues, NEW_AGENT_COLUMNS, newAgentValues, toAgent, type AgentRow } from './agent-row.js';
import { mergeAgentPatch } from './merge-agent-patch.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { DuplicateAgentError, type Agent, type AgentPatch, type NewAgent } from './store.js';

const COLUMNS = 'id, name, crm_user_id, disabled, role, team, caller_id, allowed_countries, limits, session_epoch';

/** Unique constraints of `agents` (PostgreSQL names them in a violation), and the field each guards. */
const UNIQUE_FIELDS: Readonly<Record<string, DuplicateAgentError['field']>> = { agents_pkey: 'id', agents_by_crm_user: 'crmUserId' };

/** The `agents` and `retired_agent_ids` tables in PostgreSQL: profiles, sign-in key hashes and session epochs. */
export class PgAgentTable {
  constructor(private readonly db: PgDatabase) {}

  /**
   * Inserts the agent (call inside a transaction, `tx`). The retired ids are checked before the insert, so a retired
   * id is refused as such, and again after it: a delete of the same id committed meanwhile (the insert waits for it
   * on the primary key) retires the id after the first check.
   */
  async insert(tx: PgQueryable, agent: NewAgent): Promise<void> {
    await this.refuseRetired(tx, agent.id);
    await unique(() =>
      tx.query(`INSERT INTO agents (${NEW_AGENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, newAgentValues(agent)),
    );
    await this.refuseRetired(tx, agent.id);
  }

  byId(id: string): Promise<Agent | null> {
    return this.one(this.db, `SELECT ${COLUMNS} FROM agents WHERE id = $1`, id);
  }

  byTokenHash(tokenHash: string): Promise<Agent | null> {
    return this.one(this.db, `SELECT ${COLUMNS} FROM agents WHERE token_hash = $1`, tokenHash);
  }

  byCrmUserId(crmUserId: string): Promise<Agent | null> {
    return this.one(this.db, `SELECT ${COLUMNS} FROM agents WHERE crm_user_id = $1`, crmUserId);
  }

  /** Every agent, by id in code-point order (as SQLite sorts), whatever the database's collation. */
  async list(): Promise<Agent[]> {
    const { rows } = await this.db.query<AgentRow>(`SELECT ${COLUMNS} FROM agents ORDER BY id COLLATE "C"`);
    return rows.map(toAgent);
  }

  /**
   * Applies the patch in one transaction, the agent's row locked from read to write so a concurrent patch applies
   * before or after this one, never in between; fields given as undefined are left as they are.
   */
  async update(id: string, patch: AgentPatch): Promise<Agent | null> {
    return this.db.transaction(async (tx) => {
      const before = await this.one(tx, `SELECT ${COLUMNS} FROM agents WHERE id = $1 FOR UPDATE`, id);
      if (!before) return null;
      const { next, revokes } = mergeAgentPatch(before, patch);
      const { rows } = await unique(() =>
        tx.query<AgentRow>(
          `UPDATE agents SET name = $1, crm_user_id = $2, disabled = $3, role = $4, team = $5, caller_id = $6, allowed_countries = $7,
             limits = $8, session_epoch = session_epoch + $9 WHERE id = $10 RETURNING ${COLUMNS}`,
          [...agentProfileValues(next), revokes ? 1 : 0, id],
        ),
      );
      return rows[0] ? toAgent(rows[0]) : null;
    });
  }

  /** Deletes the agent (its SIP account goes with it, by cascade) and retires its id, in one transaction. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if ((await tx.query('DELETE FROM agents WHERE id = $1', [id])).rowCount === 0) return false;
      await tx.query('INSERT INTO retired_agent_ids (id, retired_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, new Date().toISOString()]);
      return true;
    });
  }

  async setTokenHash(id: string, tokenHash: string): Promise<boolean> {
    const result = await this.db.query('UPDATE agents SET token_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2', [tokenHash, id]);
    return result.rowCount > 0;
  }

  async bumpEpoch(id: string): Promise<number | null> {
    const { rows } = await this.db.query<{ session_epoch: number }>(
      'UPDATE agents SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch',
      [id],
    );
    return rows[0]?.session_epoch ?? null;
  }

  private async refuseRetired(q: PgQueryable, id: string): Promise<void> {
    if ((await q.query('SELECT 1 FROM retired_agent_ids WHERE id = $1', [id])).rowCount > 0) throw new DuplicateAgentError('retiredId');
  }

  private async one(q: PgQueryable, sql: string, value: string): Promise<Agent | null> {
    const { rows } = await q.query<AgentRow>(sql, [value]);
    return rows[0] ? toAgent(rows[0]) : null;
  }
}

/** Runs a write, turning a unique violation (23505) of an agent's id or CRM user id into {@link DuplicateAgentError}. */
async function unique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    const field = code === '23505' && constraint !== undefined ? UNIQUE_FIELDS[constraint] : undefined;
    if (field) throw new DuplicateAgentError(field);
    throw error;
  }
}
