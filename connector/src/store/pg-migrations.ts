/**
 * Versioned schema changes for the PostgreSQL store, applied in order, each once, each inside one transaction, by
 * whichever instance starts first (the others wait on an advisory lock, then find them applied). Never edit a
 * released migration: append a new one.
 *
 * Version 1 is the SQLite store's schema as of its version 7 in one step: the same tables, columns and meaning, so
 * one store test suite holds for both. Times are BIGINT milliseconds since epoch unless a column says otherwise; JSON
 * is kept as TEXT, as written, so a log compares equal exactly when its JSON does. Key columns are `COLLATE "C"`: their
 * indexes then hold code-unit order, the order the SQLite store and the export's merge of per-agent pages use, whatever
 * the database's own collation.
 */
export const PG_MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  {
    version: 1,
    name: 'agents, SIP accounts, audit log, calls with fold claims, CRM outbox with claims, usage rollups, presence, tenant policy',
    sql: `
      CREATE TABLE connector_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- session_epoch: written into every session token; bumped to end them all. limits: JSON, a missing limit follows
      -- the tenant's; allowed_countries: JSON array, NULL for the tenant's policy. created_seq orders agents by creation.
      CREATE TABLE agents (
        id                TEXT COLLATE "C" PRIMARY KEY,
        name              TEXT NOT NULL,
        crm_user_id       TEXT,
        token_hash        TEXT NOT NULL UNIQUE,
        disabled          BOOLEAN NOT NULL DEFAULT FALSE,
        created_at        TEXT NOT NULL,
        role              TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin')),
        team              TEXT,
        caller_id         TEXT,
        allowed_countries TEXT,
        limits            TEXT NOT NULL DEFAULT '{}',
        session_epoch     BIGINT NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX agents_by_crm_user ON agents (crm_user_id) WHERE crm_user_id IS NOT NULL;
      CREATE INDEX agents_by_team ON agents (team) WHERE team IS NOT NULL;

      -- Ids of deleted agents: never given again, so a new agent cannot read or extend a deleted one's calls.
      CREATE TABLE retired_agent_ids (
        id         TEXT PRIMARY KEY,
        retired_at TEXT NOT NULL
      );

      -- One SIP account per agent; the password only ever sealed (see secrets/secret-box.ts).
      CREATE TABLE agent_sip_accounts (
        agent_id        TEXT COLLATE "C" PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
        kind            TEXT NOT NULL DEFAULT 'password' CHECK (kind IN ('password', 'ephemeral')),
        username        TEXT NOT NULL,
        domain          TEXT,
        auth_user       TEXT,
        password_sealed TEXT CHECK (password_sealed LIKE 'v_:%'),
        display_name    TEXT,
        ws_server       TEXT,
        updated_at      TEXT NOT NULL,
        CHECK ((kind = 'password') = (password_sealed IS NOT NULL))
      );

      -- Admin changes and policy refusals, newest read first. Details (JSON) never hold a secret.
      CREATE TABLE audit_log (
        id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at      BIGINT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_by_time ON audit_log (at DESC, id DESC);

      -- Each dial the connector allowed, for the per-minute and per-day call limits.
      CREATE TABLE dial_attempts (
        agent_id TEXT NOT NULL,
        at       BIGINT NOT NULL
      );
      CREATE INDEX dial_attempts_by_agent ON dial_attempts (agent_id, at);

      -- Dials the connector refused, by the refusal's stable code.
      CREATE TABLE dial_refusals (
        agent_id TEXT COLLATE "C" NOT NULL,
        at       BIGINT NOT NULL,
        code     TEXT NOT NULL
      );
      CREATE INDEX dial_refusals_by_time ON dial_refusals (at);
      CREATE INDEX dial_refusals_by_agent ON dial_refusals (agent_id, at);

      -- Every event as received, once per event id within its call leg ('<agent id>:<SIP Call-ID>'): the durable truth
      -- calls are folded from. occurred_at is the event's ISO time as sent; body the event's JSON.
      CREATE TABLE call_events (
        call_id     TEXT COLLATE "C" NOT NULL,
        event_id    TEXT NOT NULL,
        agent_id    TEXT NOT NULL,
        type        TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        body        TEXT NOT NULL,
        PRIMARY KEY (call_id, event_id)
      );

      -- One row per call leg: its folded record (JSON), whether new events wait to be folded, and their version.
      -- started_at is the record's ISO start time, for ordering a record's calls. fold_lease_until: until when a fold
      -- claim (some instance) holds the call while folding it; NULL while free. Calls to fold are found through
      -- calls_to_fold, the lease checked on the rows it yields (it is in no index, so taking it keeps updates HOT).
      CREATE TABLE calls (
        call_id          TEXT COLLATE "C" PRIMARY KEY,
        agent_id         TEXT COLLATE "C" NOT NULL,
        version          BIGINT NOT NULL,
        folded_version   BIGINT NOT NULL DEFAULT 0,
        ended            BOOLEAN NOT NULL DEFAULT FALSE,
        last_received_at BIGINT NOT NULL,
        record_type      TEXT,
        record_id        TEXT,
        started_at       TEXT,
        record           TEXT,
        fold_lease_until BIGINT
      );
      CREATE INDEX calls_to_fold ON calls (last_received_at) WHERE folded_version < version;
      CREATE INDEX calls_open ON calls (last_received_at) WHERE NOT ended;
      CREATE INDEX calls_by_record ON calls (record_type, record_id, started_at DESC);

      -- What must reach the CRM: the latest log (JSON) of each ended call leg, until the CRM has stored that version.
      -- lease_owner / lease_until: the claim (a sender in some instance) holding the call while its upsert is in flight;
      -- a lease that ran out is free to take over. queued_at: when the version now held was queued or replayed.
      CREATE TABLE outbox (
        call_id           TEXT COLLATE "C" PRIMARY KEY REFERENCES calls(call_id),
        version           BIGINT NOT NULL,
        delivered_version BIGINT NOT NULL DEFAULT 0,
        status            TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        log               TEXT NOT NULL,
        attempts          INTEGER NOT NULL DEFAULT 0,
        next_attempt_at   BIGINT NOT NULL,
        last_error        TEXT,
        pending_since     BIGINT,
        crm_id            TEXT,
        updated_at        BIGINT NOT NULL,
        queued_at         BIGINT,
        lease_owner       TEXT,
        lease_until       BIGINT
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at, call_id) WHERE status = 'pending';
      CREATE INDEX outbox_waiting ON outbox (pending_since, call_id) WHERE status = 'pending';
      CREATE INDEX outbox_dead ON outbox (updated_at) WHERE status = 'dead';
      CREATE INDEX outbox_delivered ON outbox (status) WHERE status = 'delivered';
      CREATE INDEX outbox_leases ON outbox (lease_owner) WHERE lease_owner IS NOT NULL;

      -- One row per ended call leg with a start: what the usage pages and the CSV export read. hour is
      -- floor(started_at / 3600000), the UTC hour its rollup rows are keyed by; handle_seconds is answer to end plus
      -- wrap-up for answered calls, 0 for the others.
      CREATE TABLE call_facts (
        leg             TEXT COLLATE "C" PRIMARY KEY,
        call_id         TEXT NOT NULL,
        agent_id        TEXT COLLATE "C" NOT NULL,
        direction       TEXT CHECK (direction IN ('inbound', 'outbound')),
        from_party      TEXT,
        to_party        TEXT,
        record_type     TEXT,
        record_id       TEXT,
        started_at      BIGINT NOT NULL,
        answered_at     BIGINT,
        ended_at        BIGINT NOT NULL,
        hour            BIGINT NOT NULL,
        talk_seconds    BIGINT NOT NULL,
        hold_seconds    BIGINT NOT NULL,
        wrap_up_seconds BIGINT NOT NULL CHECK (wrap_up_seconds BETWEEN 0 AND 1800),
        handle_seconds  BIGINT NOT NULL,
        result          TEXT,
        end_cause       TEXT,
        sip_status      INTEGER,
        hung_up_by      TEXT,
        disposition     TEXT,
        notes           TEXT
      );
      CREATE INDEX call_facts_by_start ON call_facts (started_at, leg);
      CREATE INDEX call_facts_by_agent ON call_facts (agent_id, started_at, leg);

      -- The facts summed per agent and UTC hour, per agent and UTC day (day = hour / 24), and over all agents per UTC
      -- hour, kept in step with call_facts by every fold, in the fold's transaction.
      CREATE TABLE usage_hourly (
        agent_id       TEXT COLLATE "C" NOT NULL,
        hour           BIGINT NOT NULL,
        calls          BIGINT NOT NULL,
        inbound        BIGINT NOT NULL,
        outbound       BIGINT NOT NULL,
        answered       BIGINT NOT NULL,
        no_answer      BIGINT NOT NULL,
        busy           BIGINT NOT NULL,
        declined       BIGINT NOT NULL,
        cancelled      BIGINT NOT NULL,
        failed         BIGINT NOT NULL,
        abandoned      BIGINT NOT NULL,
        talk_seconds   BIGINT NOT NULL,
        hold_seconds   BIGINT NOT NULL,
        handle_seconds BIGINT NOT NULL,
        PRIMARY KEY (agent_id, hour)
      );
      CREATE INDEX usage_hourly_by_hour ON usage_hourly (hour, agent_id);

      CREATE TABLE usage_daily (
        agent_id       TEXT COLLATE "C" NOT NULL,
        day            BIGINT NOT NULL,
        calls          BIGINT NOT NULL,
        inbound        BIGINT NOT NULL,
        outbound       BIGINT NOT NULL,
        answered       BIGINT NOT NULL,
        no_answer      BIGINT NOT NULL,
        busy           BIGINT NOT NULL,
        declined       BIGINT NOT NULL,
        cancelled      BIGINT NOT NULL,
        failed         BIGINT NOT NULL,
        abandoned      BIGINT NOT NULL,
        talk_seconds   BIGINT NOT NULL,
        hold_seconds   BIGINT NOT NULL,
        handle_seconds BIGINT NOT NULL,
        PRIMARY KEY (agent_id, day)
      );
      CREATE INDEX usage_daily_by_day ON usage_daily (day, agent_id);

      CREATE TABLE usage_tenant_hourly (
        hour           BIGINT PRIMARY KEY,
        calls          BIGINT NOT NULL,
        inbound        BIGINT NOT NULL,
        outbound       BIGINT NOT NULL,
        answered       BIGINT NOT NULL,
        no_answer      BIGINT NOT NULL,
        busy           BIGINT NOT NULL,
        declined       BIGINT NOT NULL,
        cancelled      BIGINT NOT NULL,
        failed         BIGINT NOT NULL,
        abandoned      BIGINT NOT NULL,
        talk_seconds   BIGINT NOT NULL,
        hold_seconds   BIGINT NOT NULL,
        handle_seconds BIGINT NOT NULL
      );

      -- Each widget's latest report of its SIP registration, keyed by agent and widget.
      CREATE TABLE widget_presence (
        agent_id     TEXT COLLATE "C" NOT NULL,
        widget_id    TEXT COLLATE "C" NOT NULL,
        registration TEXT NOT NULL CHECK (registration IN ('registered', 'connecting', 'unregistered', 'failed')),
        host         TEXT NOT NULL,
        at           BIGINT NOT NULL,
        PRIMARY KEY (agent_id, widget_id)
      );
      CREATE INDEX widget_presence_by_time ON widget_presence (at);

      -- The admin's tenant call policy and default call limits: at most one row; none while the configuration's apply.
      CREATE TABLE tenant_policy (
        id                 INTEGER PRIMARY KEY CHECK (id = 1),
        allowed_countries  TEXT,
        block_premium_rate BOOLEAN NOT NULL,
        block_shared_cost  BOOLEAN NOT NULL,
        calls_per_minute   INTEGER NOT NULL CHECK (calls_per_minute > 0),
        calls_per_day      INTEGER NOT NULL CHECK (calls_per_day > 0),
        concurrent_calls   INTEGER NOT NULL CHECK (concurrent_calls > 0),
        updated_at         BIGINT NOT NULL
      );`,
  },
];
