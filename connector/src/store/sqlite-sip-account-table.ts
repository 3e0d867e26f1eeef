import type Database from 'better-sqlite3';
import type { SealedSecret } from '../secrets/secret-box.js';
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

/** The `agent_sip_accounts` table: one SIP account per agent, its password sealed by the caller. */
export class SqliteSipAccountTable {
  constructor(private readonly db: Database.Database) {}

  /** Inserts or replaces; the caller checks the agent exists (the foreign key refuses it otherwise). */
  put(agentId: string, sip: StoredSipAccount): void {
    this.db
      .prepare(
        `INSERT INTO agent_sip_accounts (agent_id, kind, username, domain, auth_user, password_sealed, display_name, ws_server, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET kind = excluded.kind, username = excluded.username, domain = excluded.domain,
           auth_user = excluded.auth_user, password_sealed = excluded.password_sealed,
           display_name = excluded.display_name, ws_server = excluded.ws_server, updated_at = excluded.updated_at`,
      )
      .run(agentId, sip.kind, sip.username, sip.domain, sip.authUser, sip.sealedPassword, sip.displayName, sip.wsServer, new Date().toISOString());
  }

  remove(agentId: string): void {
    this.db.prepare('DELETE FROM agent_sip_accounts WHERE agent_id = ?').run(agentId);
  }

  get(agentId: string): StoredSipAccount | null {
    const row = this.db.prepare('SELECT * FROM agent_sip_accounts WHERE agent_id = ?').get(agentId) as SipAccountRow | undefined;
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

  sealedPasswords(): { agentId: string; sealedPassword: SealedSecret }[] {
    return this.db
      .prepare('SELECT agent_id AS agentId, password_sealed AS sealedPassword FROM agent_sip_accounts WHERE password_sealed IS NOT NULL ORDER BY agent_id')
      .all() as { agentId: string; sealedPassword: SealedSecret }[];
  }

  reseal(agentId: string, expected: SealedSecret, replacement: SealedSecret): boolean {
    return (
      this.db
        .prepare('UPDATE agent_sip_accounts SET password_sealed = ?, updated_at = ? WHERE agent_id = ? AND password_sealed = ?')
        .run(replacement, new Date().toISOString(), agentId, expected).changes > 0
    );
  }
}
