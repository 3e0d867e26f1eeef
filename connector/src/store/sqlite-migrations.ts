/**
 * Versioned schema changes, applied in order, each once, inside one transaction. Never edit a released migration:
 * append a new one.
 */
export const SQLITE_MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  {
    version: 1,
    name: 'connector metadata',
    sql: `CREATE TABLE connector_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
          ) STRICT;`,
  },
  {
    version: 2,
    name: 'agents, call events, calls and the CRM outbox',
    sql: `
      CREATE TABLE agents (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        crm_user_id TEXT,
        token_hash  TEXT NOT NULL UNIQUE,
        disabled    INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL
      ) STRICT;

      -- Every event as received, once per event id within its call: the durable truth calls are folded from.
      CREATE TABLE call_events (
        call_id     TEXT NOT NULL,
        event_id    TEXT NOT NULL,
        agent_id    TEXT NOT NULL,
        type        TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        body        TEXT NOT NULL,
        PRIMARY KEY (call_id, event_id)
      ) STRICT;

      -- One row per call: its folded record, whether new events wait to be folded, and the version of those events.
      CREATE TABLE calls (
        call_id          TEXT PRIMARY KEY,
        agent_id         TEXT NOT NULL,
        version          INTEGER NOT NULL,
        folded_version   INTEGER NOT NULL DEFAULT 0,
        ended            INTEGER NOT NULL DEFAULT 0,
        last_received_at INTEGER NOT NULL,
        record_type      TEXT,
        record_id        TEXT,
        started_at       TEXT,
        record           TEXT
      ) STRICT;
      CREATE INDEX calls_to_fold ON calls (call_id) WHERE folded_version < version;
      CREATE INDEX calls_open ON calls (last_received_at) WHERE ended = 0;
      CREATE INDEX calls_by_record ON calls (record_type, record_id, started_at DESC);

      -- What must reach the CRM: the latest log of each ended call, until the CRM has stored that version.
      CREATE TABLE outbox (
        call_id           TEXT PRIMARY KEY REFERENCES calls(call_id),
        version           INTEGER NOT NULL,
        delivered_version INTEGER NOT NULL DEFAULT 0,
        status            TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        log               TEXT NOT NULL,
        attempts          INTEGER NOT NULL DEFAULT 0,
        next_attempt_at   INTEGER NOT NULL,
        last_error        TEXT,
        pending_since     INTEGER,
        crm_id            TEXT,
        updated_at        INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';`,
  },
  {
    version: 3,
    name: 'agent SIP accounts',
    sql: `
      -- One SIP account per agent. The password is only ever stored sealed (AES-256-GCM, see secrets/secret-box.ts);
      -- a null domain, auth user or WebSocket server follows the tenant's default at the time it is read.
      CREATE TABLE agent_sip_accounts (
        agent_id        TEXT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
        username        TEXT NOT NULL,
        domain          TEXT,
        auth_user       TEXT,
        password_sealed TEXT NOT NULL CHECK (password_sealed LIKE 'v1:%'),
        display_name    TEXT,
        ws_server       TEXT,
        updated_at      TEXT NOT NULL
      ) STRICT;`,
  },
  {
    version: 4,
    name: 'agent profiles, ephemeral SIP accounts, rotated keys, audit log and dial attempts',
    sql: `
      -- The agent profile: its role, team, caller id, allowed countries (JSON array, NULL for the tenant's policy),
      -- call limits (JSON, a missing limit follows the tenant's) and the session epoch (bumped to end every session).
      ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin'));
      ALTER TABLE agents ADD COLUMN team TEXT;
      ALTER TABLE agents ADD COLUMN caller_id TEXT;
      ALTER TABLE agents ADD COLUMN allowed_countries TEXT;
      ALTER TABLE agents ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE agents ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
      -- Signing in with the CRM finds the agent by its CRM user id: one agent per CRM user. Before, two agents could
      -- share one; the first created keeps it, the others lose it (and say so in the audit log, created below).
      CREATE TEMP TABLE crm_user_duplicates AS
        SELECT id, crm_user_id FROM agents a
        WHERE crm_user_id IS NOT NULL
          AND rowid > (SELECT MIN(rowid) FROM agents b WHERE b.crm_user_id = a.crm_user_id);
      UPDATE agents SET crm_user_id = NULL WHERE id IN (SELECT id FROM crm_user_duplicates);
      CREATE UNIQUE INDEX agents_by_crm_user ON agents (crm_user_id) WHERE crm_user_id IS NOT NULL;

      -- Rebuilt to take ephemeral accounts (no stored password: the connector mints time-limited credentials) and
      -- sealed values of any format version (v2 names the key that sealed it, for key rotation).
      CREATE TABLE agent_sip_accounts_v4 (
        agent_id        TEXT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
        kind            TEXT NOT NULL DEFAULT 'password' CHECK (kind IN ('password', 'ephemeral')),
        username        TEXT NOT NULL,
        domain          TEXT,
        auth_user       TEXT,
        password_sealed TEXT CHECK (password_sealed LIKE 'v_:%'),
        display_name    TEXT,
        ws_server       TEXT,
        updated_at      TEXT NOT NULL,
        CHECK ((kind = 'password') = (password_sealed IS NOT NULL))
      ) STRICT;
      INSERT INTO agent_sip_accounts_v4 (agent_id, kind, username, domain, auth_user, password_sealed, display_name, ws_server, updated_at)
        SELECT agent_id, 'password', username, domain, auth_user, password_sealed, display_name, ws_server, updated_at FROM agent_sip_accounts;
      DROP TABLE agent_sip_accounts;
      ALTER TABLE agent_sip_accounts_v4 RENAME TO agent_sip_accounts;

      -- Admin changes and policy refusals, newest read first. Details never hold a secret.
      CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      INTEGER NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
        details TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX audit_by_time ON audit_log (at DESC, id DESC);
      INSERT INTO audit_log (at, actor, action, target, outcome, details)
        SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER), 'system', 'agent.update', id, 'ok',
               json_object('cleared', 'crmUserId', 'reason', 'another agent created earlier has the same CRM user id', 'crmUserId', crm_user_id)
        FROM crm_user_duplicates;
      DROP TABLE crm_user_duplicates;

      -- Ids of deleted agents: never given again, so a new agent cannot read or extend the calls (legs
      -- '<agent id>:<Call-ID>') a deleted one left behind.
      CREATE TABLE retired_agent_ids (
        id         TEXT PRIMARY KEY,
        retired_at TEXT NOT NULL
      ) STRICT;

      -- Each dial the connector allowed, for the per-minute and per-day call limits.
      CREATE TABLE dial_attempts (
        agent_id TEXT NOT NULL,
        at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX dial_attempts_by_agent ON dial_attempts (agent_id, at);`,
  },
];
