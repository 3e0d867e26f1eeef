import assert from 'node:assert/strict';
import pg from 'pg';
import { PgStore } from '../../connector/src/store/pg-store.js';
import type { UsageFilter } from '../../connector/src/store/store.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';

const T = Date.parse('2026-07-01T00:00:00.000Z');
const DAY = 86_400_000;
const CALLS = 6000;
/** Sales has more agents than are merged (the start index is read), Support fewer (each agent's index is). */
const SALES = 60;
const SUPPORT = 8;

/** One statement the store sent, with its values. */
interface SentStatement {
  readonly sql: string;
  readonly values: readonly unknown[];
}

/** The statements the store sends to PostgreSQL while `run` runs (every pooled client is a `pg.Client`). */
async function sentDuring(run: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (typeof args[0] === 'string') sent.push({ sql: args[0], values: (args[1] as unknown[] | undefined) ?? [] });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

/**
 * Fills the schema with a few thousand calls, their facts and outbox entries (logs of about a kilobyte, as real ones),
 * straight in SQL: the plans depend on the tables' sizes and statistics, not on how the rows got there.
 */
async function fill(client: pg.Client): Promise<void> {
  // Four calls in five are Sales', every agent of each team with calls on every day.
  const agent = `CASE WHEN n % 5 < 4 THEN 'sales-' || ((n / 5) % ${SALES}) ELSE 'support-' || ((n / 5) % ${SUPPORT}) END`;
  await client.query(`INSERT INTO agents (id, name, token_hash, created_at, team)
    SELECT 'sales-' || n, 'Sales ' || n, 'hash-sales-' || n, '2026-01-01', 'Sales' FROM generate_series(0, ${SALES - 1}) AS n
    UNION ALL SELECT 'support-' || n, 'Support ' || n, 'hash-support-' || n, '2026-01-01', 'Support' FROM generate_series(0, ${SUPPORT - 1}) AS n`);
  await client.query(`INSERT INTO calls (call_id, agent_id, version, folded_version, ended, last_received_at)
    SELECT ${agent} || ':c' || n, ${agent}, 3, 3, TRUE, $1::bigint + n * 60000 FROM generate_series(1, ${CALLS}) AS n`, [T]);
  // Most delivered, some dead, a few hundred pending of which most are not due yet.
  await client.query(`INSERT INTO outbox (call_id, version, delivered_version, status, log, attempts, next_attempt_at, pending_since, updated_at, queued_at)
    SELECT ${agent} || ':c' || n, 3, CASE WHEN n % 20 < 17 THEN 3 ELSE 0 END,
           CASE WHEN n % 20 < 17 THEN 'delivered' WHEN n % 20 = 17 THEN 'dead' ELSE 'pending' END,
           '{"subject":"' || repeat('x', 1000) || '"}', n % 5, $1::bigint + n * 60000 + CASE WHEN n % 2 = 0 THEN 0 ELSE 10 * ${DAY}::bigint END,
           $1::bigint + n * 60000, $1::bigint + n * 60000, $1::bigint + n * 60000
    FROM generate_series(1, ${CALLS}) AS n`, [T]);
  await client.query(`INSERT INTO call_facts (leg, call_id, agent_id, direction, started_at, ended_at, hour, talk_seconds, hold_seconds,
                                              wrap_up_seconds, handle_seconds, result)
    SELECT ${agent} || ':c' || n, 'c' || n, ${agent}, 'outbound', $1::bigint + n * 60000, $1::bigint + n * 60000 + 30000,
           ($1::bigint + n * 60000) / 3600000, 30, 0, 0, 30, 'answered'
    FROM generate_series(1, ${CALLS}) AS n`, [T]);
  await client.query('VACUUM ANALYZE agents, calls, outbox, call_facts');
}

describe('PostgreSQL store: query plans on a few thousand calls', function () {
  let schema: TestSchema;
  let store: PgStore;
  let client: pg.Client;

  before(async () => {
    schema = await createTestSchema('plans');
    store = await PgStore.open(schema.url, { schema: schema.schema });
    client = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
    await client.connect();
    await fill(client);
  });
  after(async () => {
    await client?.end();
    await store?.close();
    await schema?.drop();
  });

  /** PostgreSQL's plan for a statement the store sent, with the values it sent. */
  async function plan(statement: SentStatement): Promise<string> {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.sql}`, [...statement.values]);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it('claims due logs through the due index, never scanning the outbox', async () => {
    const sent = await sentDuring(async () => {
      const claim = await store.claimDueOutbox({ now: T + 3 * DAY, limit: 50, leaseMs: 60_000 });
      assert.equal(claim.entries.length, 50);
    });
    const claims = sent.filter(({ sql }) => /FOR UPDATE SKIP LOCKED/.test(sql));
    assert.equal(claims.length, 1, 'one statement');
    const steps = await plan(claims[0]!);
    assert.match(steps, /CTE due/, `the locking query runs whole, as written: ${steps}`);
    assert.match(steps, /Index Scan using outbox_due on outbox/, steps);
    assert.doesNotMatch(steps, /Seq Scan on outbox/, steps);
  });

  it('renews a claim through the lease index, never scanning the outbox', async () => {
    const claim = await store.claimDueOutbox({ now: T + 4 * DAY, limit: 20, leaseMs: 60_000 });
    assert.equal(claim.entries.length, 20);
    const sent = await sentDuring(async () => {
      assert.equal(await store.renewOutboxClaim({ token: claim.token, until: T + 4 * DAY + 120_000 }), 20);
    });
    const renewals = sent.filter(({ sql }) => /lease_until/.test(sql));
    assert.equal(renewals.length, 1, 'one statement');
    const steps = await plan(renewals[0]!);
    assert.match(steps, /Index Scan using outbox_leases on outbox/, steps);
    assert.doesNotMatch(steps, /Seq Scan on outbox/, steps);
  });

  it('claims calls to fold through the index of calls with new events, never scanning the calls', async () => {
    // A tenant's history of folded calls (a few thousand are too few: reading them all would be the cheaper plan), and a
    // few dozen calls with new events, as between two passes of the outbox worker.
    await client.query(`INSERT INTO calls (call_id, agent_id, version, folded_version, ended, last_received_at)
      SELECT 'history:' || n, 'sales-0', 3, 3, TRUE, $1::bigint - n * 1000 FROM generate_series(1, 100000) AS n`, [T]);
    await client.query(`UPDATE calls SET version = version + 1 WHERE call_id IN (SELECT call_id FROM calls ORDER BY call_id LIMIT 40)`);
    await client.query('VACUUM ANALYZE calls');
    const sent = await sentDuring(async () => {
      const claimed = await store.claimCallsToFold({ now: T + 4 * DAY, limit: 25, leaseMs: 60_000 });
      assert.equal(claimed.length, 25);
    });
    const claims = sent.filter(({ sql }) => /FOR UPDATE SKIP LOCKED/.test(sql));
    assert.equal(claims.length, 1, 'one statement');
    const steps = await plan(claims[0]!);
    assert.match(steps, /CTE due/, `the locking query runs whole, as written: ${steps}`);
    assert.match(steps, /Index Scan using calls_to_fold on calls/, steps);
    assert.doesNotMatch(steps, /Seq Scan on calls/, steps);
  });

  it('counts the outbox from its small indexes, never scanning the table (its logs are large)', async () => {
    const sent = await sentDuring(() => store.outboxCounts(T));
    const reads = sent.filter(({ sql }) => /FROM outbox/.test(sql));
    assert.equal(reads.length, 1, 'one statement, so the counts agree with each other');
    const steps = await plan(reads[0]!);
    assert.doesNotMatch(steps, /Seq Scan on outbox/, steps);
    for (const index of ['outbox_delivered', 'outbox_dead']) assert.match(steps, new RegExp(`Index Only Scan using ${index} on outbox`), steps);
    assert.match(steps, /Index Only Scan using outbox_(due|waiting) on outbox/, steps);
    console.log(`      plan of outboxCounts:\n${steps.replace(/^/gm, '        ')}`);
  });

  it('reads every page of the export by seeking an index at the cursor, whatever the filter', async () => {
    const range = { from: T + DAY, to: T + 2 * DAY };
    const filters: UsageFilter[] = [
      { ...range, agentIds: null, team: null },
      { ...range, agentIds: null, team: 'Sales' },
      { ...range, agentIds: null, team: 'Support' },
      { ...range, agentIds: ['support-1', 'unknown'], team: null },
    ];
    const sent = await sentDuring(async () => {
      for (const filter of filters) {
        const first = await store.callFacts(filter, { limit: 10 });
        assert.equal(first.length, 10);
        const last = first.at(-1)!;
        assert.equal((await store.callFacts(filter, { limit: 10, after: { startedAt: last.startedAt, leg: last.leg } })).length, 10);
      }
    });
    const reads = sent.filter(({ sql }) => /FROM call_facts/.test(sql));
    assert.ok(reads.length >= 8, `first pages and pages after a cursor, merged and not: ${reads.length} statements`);
    assert.ok(reads.filter(({ sql }) => /\(started_at, leg\) >/.test(sql)).length >= 4, 'pages after the first start at the cursor');
    assert.ok(reads.some(({ sql }) => /agent_id = ANY/.test(sql)), 'a team too big to merge is read through the start index');
    for (const read of reads) {
      const steps = await plan(read);
      assert.doesNotMatch(steps, /Seq Scan on call_facts|Bitmap Heap Scan on call_facts/, `${read.sql}\n${steps}`);
      assert.match(steps, /Index (Only )?Scan using call_facts_by_(start|agent) on call_facts/, `${read.sql}\n${steps}`);
      if (/\(started_at, leg\) >/.test(read.sql)) {
        assert.match(steps, /Index Cond: .*ROW\(started_at, leg\) > ROW/, `the cursor is where the index is entered: ${read.sql}\n${steps}`);
      }
    }
  });
});
