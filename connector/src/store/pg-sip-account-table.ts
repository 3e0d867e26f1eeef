import type { SealedSecret } from '../secrets/secret-box.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { sipAccountValues, toStoredSipAccount, upsertSipAccountSql, type SipAccountRow } from './sip-account-row.js';
import type { StoredSipAccount } from './store.js';

const UPSERT = upsertSipAccountSql('$1, $2, $3, $4, $5, $6, $7, $8, $9');

/** The `agent_sip_accounts` table in PostgreSQL: one SIP account per agent, its password sealed by the caller. */
export class PgSipAccountTable {
  constructor(private readonly db: PgDatabase) {}

  /**
   * Sets or (with null) removes the agent's account, in one transaction that first locks the agent's row against a
   * concurrent delete; false when there is no such agent.
   */
  async set(agentId: string, sip: StoredSipAccount | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if ((await tx.query('SELECT 1 FROM agents WHERE id = $1 FOR KEY SHARE', [agentId])).rowCount === 0) return false;
      if (sip) await this.put(tx, agentId, sip);
      else await tx.query('DELETE FROM agent_sip_accounts WHERE agent_id = $1', [agentId]);
      return true;
    });
  }

  /** Inserts or replaces; the caller checks the agent exists (the foreign key refuses it otherwise). */
  async put(q: PgQueryable, agentId: string, sip: StoredSipAccount): Promise<void> {
    await q.query(UPSERT, sipAccountValues(agentId, sip));
  }

  async get(agentId: string): Promise<StoredSipAccount | null> {
    const { rows } = await this.db.query<SipAccountRow>(
      'SELECT kind, username, domain, auth_user, password_sealed, display_name, ws_server FROM agent_sip_accounts WHERE agent_id = $1',
      [agentId],
    );
    return rows[0] ? toStoredSipAccount(rows[0]) : null;
  }

  async sealedPasswords(): Promise<{ agentId: string; sealedPassword: SealedSecret }[]> {
    const { rows } = await this.db.query<{ agentId: string; sealedPassword: SealedSecret }>(
      `SELECT agent_id AS "agentId", password_sealed AS "sealedPassword" FROM agent_sip_accounts
       WHERE password_sealed IS NOT NULL ORDER BY agent_id COLLATE "C"`,
    );
    return rows;
  }

  /** Compare-and-set: replaces the sealed password only while it still equals `expected`. */
  async reseal(agentId: string, expected: SealedSecret, replacement: SealedSecret): Promise<boolean> {
    const result = await this.db.query(
      'UPDATE agent_sip_accounts SET password_sealed = $1, updated_at = $2 WHERE agent_id = $3 AND password_sealed = $4',
      [replacement, new Date().toISOString(), agentId, expected],
    );
    return result.rowCount > 0;
  }
}
