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
  {
    version: 5,
    name: 'usage facts and their hourly and daily rollups, dial refusals, widget presence, tenant policy',
    sql: `
      -- One row per ended call leg with a start: what the usage pages and the CSV export read, times in ms since epoch.
      -- hour = floor(started_at / 3600000), the UTC hour the call started, which its rollup row is keyed by.
      -- handle_seconds = answer to end plus wrap-up for answered calls, 0 for the others.
      CREATE TABLE call_facts (
        leg             TEXT PRIMARY KEY,
        call_id         TEXT NOT NULL,
        agent_id        TEXT NOT NULL,
        direction       TEXT CHECK (direction IN ('inbound', 'outbound')),
        from_party      TEXT,
        to_party        TEXT,
        record_type     TEXT,
        record_id       TEXT,
        started_at      INTEGER NOT NULL,
        answered_at     INTEGER,
        ended_at        INTEGER NOT NULL,
        hour            INTEGER NOT NULL,
        talk_seconds    INTEGER NOT NULL,
        hold_seconds    INTEGER NOT NULL,
        wrap_up_seconds INTEGER NOT NULL CHECK (wrap_up_seconds BETWEEN 0 AND 1800),
        handle_seconds  INTEGER NOT NULL,
        result          TEXT,
        end_cause       TEXT,
        sip_status      INTEGER,
        hung_up_by      TEXT,
        disposition     TEXT,
        notes           TEXT
      ) STRICT;
      CREATE INDEX call_facts_by_start ON call_facts (started_at, leg);
      CREATE INDEX call_facts_by_agent ON call_facts (agent_id, started_at, leg);

      -- The facts summed per agent and UTC hour, kept in step with call_facts by every fold: the finest grain usage
      -- reads, for local days and hours in any time zone. The hour-first index serves time ranges over all agents.
      CREATE TABLE usage_hourly (
        agent_id       TEXT NOT NULL,
        hour           INTEGER NOT NULL,
        calls          INTEGER NOT NULL,
        inbound        INTEGER NOT NULL,
        outbound       INTEGER NOT NULL,
        answered       INTEGER NOT NULL,
        no_answer      INTEGER NOT NULL,
        busy           INTEGER NOT NULL,
        declined       INTEGER NOT NULL,
        cancelled      INTEGER NOT NULL,
        failed         INTEGER NOT NULL,
        abandoned      INTEGER NOT NULL,
        talk_seconds   INTEGER NOT NULL,
        hold_seconds   INTEGER NOT NULL,
        handle_seconds INTEGER NOT NULL,
        PRIMARY KEY (agent_id, hour)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX usage_hourly_by_hour ON usage_hourly (hour, agent_id);

      -- The same sums per agent and UTC day (day = hour / 24), a tenth of the rows: a year of agents and their days
      -- reads these, and the hourly rows only for the hours a time zone's local day takes from a neighbouring UTC day.
      CREATE TABLE usage_daily (
        agent_id       TEXT NOT NULL,
        day            INTEGER NOT NULL,
        calls          INTEGER NOT NULL,
        inbound        INTEGER NOT NULL,
        outbound       INTEGER NOT NULL,
        answered       INTEGER NOT NULL,
        no_answer      INTEGER NOT NULL,
        busy           INTEGER NOT NULL,
        declined       INTEGER NOT NULL,
        cancelled      INTEGER NOT NULL,
        failed         INTEGER NOT NULL,
        abandoned      INTEGER NOT NULL,
        talk_seconds   INTEGER NOT NULL,
        hold_seconds   INTEGER NOT NULL,
        handle_seconds INTEGER NOT NULL,
        PRIMARY KEY (agent_id, day)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX usage_daily_by_day ON usage_daily (day, agent_id);

      -- The same sums over all agents per UTC hour: the tenant's days and hours without an agent or team filter.
      CREATE TABLE usage_tenant_hourly (
        hour           INTEGER PRIMARY KEY,
        calls          INTEGER NOT NULL,
        inbound        INTEGER NOT NULL,
        outbound       INTEGER NOT NULL,
        answered       INTEGER NOT NULL,
        no_answer      INTEGER NOT NULL,
        busy           INTEGER NOT NULL,
        declined       INTEGER NOT NULL,
        cancelled      INTEGER NOT NULL,
        failed         INTEGER NOT NULL,
        abandoned      INTEGER NOT NULL,
        talk_seconds   INTEGER NOT NULL,
        hold_seconds   INTEGER NOT NULL,
        handle_seconds INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- Dials the connector refused, by the refusal's stable code.
      CREATE TABLE dial_refusals (
        agent_id TEXT NOT NULL,
        at       INTEGER NOT NULL,
        code     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dial_refusals_by_time ON dial_refusals (at);
      CREATE INDEX dial_refusals_by_agent ON dial_refusals (agent_id, at);

      -- Each widget's latest report of its SIP registration.
      CREATE TABLE widget_presence (
        widget_id    TEXT PRIMARY KEY,
        agent_id     TEXT NOT NULL,
        registration TEXT NOT NULL CHECK (registration IN ('registered', 'connecting', 'unregistered', 'failed')),
        host         TEXT NOT NULL,
        at           INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX widget_presence_by_time ON widget_presence (at);

      -- The admin's tenant call policy and default call limits: at most one row; none while the configuration's apply.
      CREATE TABLE tenant_policy (
        id                 INTEGER PRIMARY KEY CHECK (id = 1),
        allowed_countries  TEXT,
        block_premium_rate INTEGER NOT NULL CHECK (block_premium_rate IN (0, 1)),
        block_shared_cost  INTEGER NOT NULL CHECK (block_shared_cost IN (0, 1)),
        calls_per_minute   INTEGER NOT NULL CHECK (calls_per_minute > 0),
        calls_per_day      INTEGER NOT NULL CHECK (calls_per_day > 0),
        concurrent_calls   INTEGER NOT NULL CHECK (concurrent_calls > 0),
        updated_at         INTEGER NOT NULL
      ) STRICT;

      -- The admin pages list what waits for the CRM, oldest first.
      CREATE INDEX outbox_waiting ON outbox (pending_since, call_id) WHERE status = 'pending';

      -- History: the calls folded before this version, so an upgraded connector shows its past usage. Their records
      -- predate wrappedUpAt: the wrap-up time is read from their last wrapup event instead.
      WITH ended AS (
        SELECT c.call_id AS leg, c.agent_id, c.record,
               CAST(round(unixepoch(json_extract(c.record, '$.startedAt'), 'subsec') * 1000) AS INTEGER) AS started_at,
               CAST(round(unixepoch(json_extract(c.record, '$.answeredAt'), 'subsec') * 1000) AS INTEGER) AS answered_at,
               CAST(round(unixepoch(json_extract(c.record, '$.endedAt'), 'subsec') * 1000) AS INTEGER) AS ended_at,
               (SELECT CAST(round(MAX(unixepoch(e.occurred_at, 'subsec')) * 1000) AS INTEGER)
                FROM call_events e WHERE e.call_id = c.call_id AND e.type = 'wrapup') AS wrapped_up_at
        FROM calls c
        WHERE c.record IS NOT NULL AND json_extract(c.record, '$.endedAt') IS NOT NULL
          AND json_extract(c.record, '$.startedAt') IS NOT NULL
      ), timed AS (
        SELECT *, CASE WHEN wrapped_up_at IS NULL THEN 0
                       ELSE MIN(1800, CAST(round(MAX(0, wrapped_up_at - ended_at) / 1000.0) AS INTEGER)) END AS wrap_up_seconds
        FROM ended WHERE started_at IS NOT NULL AND ended_at IS NOT NULL
      )
      INSERT INTO call_facts (leg, call_id, agent_id, direction, from_party, to_party, record_type, record_id, started_at,
                              answered_at, ended_at, hour, talk_seconds, hold_seconds, wrap_up_seconds, handle_seconds,
                              result, end_cause, sip_status, hung_up_by, disposition, notes)
      SELECT leg, json_extract(record, '$.callId'), agent_id, json_extract(record, '$.direction'),
             json_extract(record, '$.from'), json_extract(record, '$.to'),
             json_extract(record, '$.record.objectType'), json_extract(record, '$.record.id'),
             started_at, answered_at, ended_at, started_at / 3600000,
             COALESCE(json_extract(record, '$.talkSeconds'), 0), COALESCE(json_extract(record, '$.holdSeconds'), 0),
             wrap_up_seconds,
             CASE WHEN json_extract(record, '$.result') = 'answered'
                  THEN COALESCE(CAST(round(MAX(0, ended_at - answered_at) / 1000.0) AS INTEGER), 0) + wrap_up_seconds
                  ELSE 0 END,
             json_extract(record, '$.result'), json_extract(record, '$.endCause'), json_extract(record, '$.sipStatus'),
             json_extract(record, '$.hungUpBy'), json_extract(record, '$.disposition'), json_extract(record, '$.notes')
      FROM timed;

      INSERT INTO usage_hourly (agent_id, hour, calls, inbound, outbound, answered, no_answer, busy, declined, cancelled,
                                failed, abandoned, talk_seconds, hold_seconds, handle_seconds)
      SELECT agent_id, hour, COUNT(*), SUM(direction IS 'inbound'), SUM(direction IS 'outbound'),
             SUM(result IS 'answered'), SUM(result IS 'no-answer'), SUM(result IS 'busy'), SUM(result IS 'declined'),
             SUM(result IS 'cancelled'), SUM(result IS 'failed'), SUM(result IS 'abandoned'),
             SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)
      FROM call_facts GROUP BY agent_id, hour;

      INSERT INTO usage_daily (agent_id, day, calls, inbound, outbound, answered, no_answer, busy, declined, cancelled,
                               failed, abandoned, talk_seconds, hold_seconds, handle_seconds)
      SELECT agent_id, hour / 24, SUM(calls), SUM(inbound), SUM(outbound), SUM(answered), SUM(no_answer), SUM(busy),
             SUM(declined), SUM(cancelled), SUM(failed), SUM(abandoned), SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)
      FROM usage_hourly GROUP BY agent_id, hour / 24;

      INSERT INTO usage_tenant_hourly (hour, calls, inbound, outbound, answered, no_answer, busy, declined, cancelled,
                                       failed, abandoned, talk_seconds, hold_seconds, handle_seconds)
      SELECT hour, SUM(calls), SUM(inbound), SUM(outbound), SUM(answered), SUM(no_answer), SUM(busy),
             SUM(declined), SUM(cancelled), SUM(failed), SUM(abandoned), SUM(talk_seconds), SUM(hold_seconds), SUM(handle_seconds)
      FROM usage_hourly GROUP BY hour;

      -- Refusals so far were only audited (action call.refused, actor agent:<id>, details {code}).
      INSERT INTO dial_refusals (agent_id, at, code)
      SELECT substr(actor, 7), at, json_extract(details, '$.code') FROM audit_log
      WHERE action = 'call.refused' AND actor LIKE 'agent:%' AND json_extract(details, '$.code') IS NOT NULL;`,
  },  {
    version: 6,
    name: 'outbox counts from small indexes, queue time per log version, widget presence per agent and widget',
    sql: `
      -- /metrics and the admin outbox page count the outbox on every read: each count comes from an index, never the
      -- table. Pending: outbox_due (partial); dead: the partial index below (which also lists dead letters newest
      -- first); delivered: a count over the narrow status index; the oldest pending: the first row of outbox_waiting.
      CREATE INDEX outbox_delivered ON outbox (status) WHERE status = 'delivered';
      CREATE INDEX outbox_dead ON outbox (updated_at) WHERE status = 'dead';

      -- When the version of the log now held was queued (or replayed), for the delivery latency: updated_at moves with
      -- every retry. NULL for logs queued before this version, whose updated_at stands in.
      ALTER TABLE outbox ADD COLUMN queued_at INTEGER;

      -- Presence keyed by agent and widget: a widget id comes from the browser, so one agent's report must never
      -- replace another's. Each agent keeps its 20 most recent widgets.
      CREATE TABLE widget_presence_v6 (
        agent_id     TEXT NOT NULL,
        widget_id    TEXT NOT NULL,
        registration TEXT NOT NULL CHECK (registration IN ('registered', 'connecting', 'unregistered', 'failed')),
        host         TEXT NOT NULL,
        at           INTEGER NOT NULL,
        PRIMARY KEY (agent_id, widget_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO widget_presence_v6 (agent_id, widget_id, registration, host, at)
        SELECT agent_id, widget_id, registration, host, at FROM (
          SELECT *, row_number() OVER (PARTITION BY agent_id ORDER BY at DESC, widget_id DESC) AS newest
          FROM widget_presence
        ) WHERE newest <= 20;
      DROP TABLE widget_presence;
      ALTER TABLE widget_presence_v6 RENAME TO widget_presence;
      CREATE INDEX widget_presence_by_time ON widget_presence (at);`,
  },
  {
    version: 7,
    name: 'outbox and fold claims: a lease per entry and per call, so instances sharing the store split the work',
    sql: `
      -- The claim (a random token) holding an entry, and until when (ms since epoch): a claim hands the entry to one
      -- sender only, and a sender that died lets go of it when the lease runs out. Both NULL while nobody holds it.
      -- Due entries are still found through outbox_due; the lease is checked on the few rows it yields.
      ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
      ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
      -- A claim's entries, for renewing it and reading back what it took.
      CREATE INDEX outbox_leases ON outbox (lease_owner) WHERE lease_owner IS NOT NULL;

      -- Until when (ms since epoch) a fold claim holds the call, so one instance folds it; NULL while free. Calls to
      -- fold are still found through calls_to_fold; the lease is checked on the rows it yields.
      ALTER TABLE calls ADD COLUMN fold_lease_until INTEGER;`,
  },
];
