import type Database from 'better-sqlite3';
import type { SealedSecret } from '../secrets/secret-box.js';
import { sipAccountValues, toStoredSipAccount, upsertSipAccountSql, type SipAccountRow } from './sip-account-row.js';
import type { StoredSipAccount } from './store.js';

const UPSERT = upsertSipAccountSql('?, ?, ?, ?, ?, ?, ?, ?, ?');

/** The `agent_sip_accounts` table: one SIP account per agent, its password sealed by the caller. */
export class SqliteSipAccountTable {
  constructor(private readonly db: Database.Database) {}

  /** Inserts or replaces; the caller checks the agent exists (the foreign key refuses it otherwise). */
  put(agentId: string, sip: StoredSipAccount): void {
    this.db.prepare(UPSERT).run(...sipAccountValues(agentId, sip));
  }

  remove(agentId: string): void {
    this.db.prepare('DELETE FROM agent_sip_accounts WHERE agent_id = ?').run(agentId);
  }

  get(agentId: string): StoredSipAccount | null {
    const row = this.db.prepare('SELECT * FROM agent_sip_accounts WHERE agent_id = ?').get(agentId) as SipAccountRow | undefined;
    return row ? toStoredSipAccount(row) : null;
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
