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
];
