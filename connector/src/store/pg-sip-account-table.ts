import type { SealedSecret } from '../secrets/secret-box.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import type { StoredSipAccount } from './store.js';

interface SipAccountRow {
  kind: 'password' | 'ephemeral';
  username: string;
  domain: string | null;
  auth_user: string | null;
  password_sealed: string | null;
  display_name: string | null;
  ws_server: string | null;
}

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
    await q.query(
      `INSERT INTO agent_sip_accounts (agent_id, kind, username, domain, auth_user, password_sealed, display_name, ws_server, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (agent_id) DO UPDATE SET kind = excluded.kind, username = excluded.username, domain = excluded.domain,
         auth_user = excluded.auth_user, password_sealed = excluded.password_sealed,
         display_name = excluded.display_name, ws_server = excluded.ws_server, updated_at = excluded.updated_at`,
      [agentId, sip.kind, sip.username, sip.domain, sip.authUser, sip.sealedPassword, sip.displayName, sip.wsServer, new Date().toISOString()],
    );
  }

  async get(agentId: string): Promise<StoredSipAccount | null> {
    const { rows } = await this.db.query<SipAccountRow>(
      'SELECT kind, username, domain, auth_user, password_sealed, display_name, ws_server FROM agent_sip_accounts WHERE agent_id = $1',
      [agentId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: row.kind,
      username: row.username,
      domain: row.domain,
      authUser: row.auth_user,
      sealedPassword: row.password_sealed as SealedSecret | null,
      displayName: row.display_name,
      wsServer: row.ws_server,
    };
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
