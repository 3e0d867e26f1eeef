import type { SealedSecret } from '../secrets/secret-box.js';
import type { StoredSipAccount } from './store.js';

/** An `agent_sip_accounts` row as either store reads it, the password only ever sealed. */
export interface SipAccountRow {
  kind: 'password' | 'ephemeral';
  username: string;
  domain: string | null;
  auth_user: string | null;
  password_sealed: string | null;
  display_name: string | null;
  ws_server: string | null;
}

/**
 * Inserts the agent's SIP account or replaces every column of the one it has, with the values of
 * {@link sipAccountValues} bound in order; `values` is that list in the store's parameter syntax (`$1, $2, ...` or
 * `?, ?, ...`, nine of them).
 */
export function upsertSipAccountSql(values: string): string {
  return `INSERT INTO agent_sip_accounts (agent_id, kind, username, domain, auth_user, password_sealed, display_name, ws_server, updated_at)
    VALUES (${values})
    ON CONFLICT (agent_id) DO UPDATE SET kind = excluded.kind, username = excluded.username, domain = excluded.domain,
      auth_user = excluded.auth_user, password_sealed = excluded.password_sealed,
      display_name = excluded.display_name, ws_server = excluded.ws_server, updated_at = excluded.updated_at`;
}

/** The values {@link upsertSipAccountSql} binds, in its column order; updated now. */
export function sipAccountValues(agentId: string, sip: StoredSipAccount): unknown[] {
  return [agentId, sip.kind, sip.username, sip.domain, sip.authUser, sip.sealedPassword, sip.displayName, sip.wsServer, new Date().toISOString()];
}

/** The account a row holds. */
export function toStoredSipAccount(row: SipAccountRow): StoredSipAccount {
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
