import assert from 'node:assert/strict';
import pg from 'pg';
import { PG_SESSION_LIMITS, PgDatabase, type PgDatabaseOptions } from '../../connector/src/store/pg-database.js';
import { TEST_DATABASE_URL } from '../support/postgres.js';

/** Waits for a condition the database brings about, checking every few ms; fails with `what` after 10 s. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('PostgreSQL connections of the store', () => {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  const opened: PgDatabase[] = [];
  before(() => admin.connect());
  after(() => admin.end());
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.end();
  });

  /** A pool on the test database, ended after the test; `broken` collects what `onConnectionError` is told. */
  function database(options: Partial<PgDatabaseOptions> = {}): { db: PgDatabase; broken: Error[] } {
    const broken: Error[] = [];
    const db = PgDatabase.create({ connectionString: TEST_DATABASE_URL, poolSize: 2, onConnectionError: (error) => broken.push(error), ...options });
    opened.push(db);
    return { db, broken };
  }

  /** Ends the backend `pid` as a server restart or failover does, once it is running `pg_sleep`. */
  async function terminateWhileSleeping(pid: number): Promise<void> {
    await until(
      async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`, [pid])).rowCount === 1,
      'the statement runs',
    );
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  }

  const one = async (db: PgDatabase) => (await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one;

  it('fails only the transaction whose connection the server ends mid-statement: the process goes on, and so does the store', async () => {
    const { db, broken } = database();
    let pid = 0;
    const transaction = db.transaction(async (tx) => {
      pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await tx.query('SELECT pg_sleep(5)');
    });
    await until(() => pid !== 0, 'the transaction has begun');
    await terminateWhileSleeping(pid);

    await assert.rejects(transaction, (error: Error & { code?: string }) => error.code === '57P01');
    await until(() => broken.length > 0, 'the broken connection is reported');
    assert.equal(await one(db), 1);
  });

  it('fails only the statement whose connection the server ends, outside a transaction too', async () => {
    const { db } = database();
    const sleeping = db.query('SELECT pg_sleep(5)');
    await until(async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(5)'`)).rowCount === 1, 'the statement runs');
    const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(5)'`);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);

    await assert.rejects(sleeping, (error: Error & { code?: string }) => error.code === '57P01');
    assert.equal(await one(db), 1);
  });

  it('reports an idle pooled connection the server ends, and replaces it', async () => {
    const { db, broken } = database({ poolSize: 1 });
    const pid = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await until(() => broken.length > 0, 'the broken connection is reported');
    const again = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    assert.notEqual(again, pid);
  });

  it('bounds every session: statements, lock waits and idle transactions time out on the server', async () => {
    const { db } = database();
    const shown = await db.query<{ statement: string; lock: string; idle: string }>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
              current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    assert.deepEqual(shown.rows[0], { statement: '30s', lock: '10s', idle: '1min' });
    assert.deepEqual(PG_SESSION_LIMITS, { statementTimeoutMs: 30_000, lockTimeoutMs: 10_000, idleInTransactionTimeoutMs: 60_000 });
  });

  it('cancels a statement that runs past the limit, and the pool goes on', async () => {
    const { db } = database({ limits: { ...PG_SESSION_LIMITS, statementTimeoutMs: 100 } });
    await assert.rejects(db.query('SELECT pg_sleep(5)'), (error: Error & { code?: string }) => error.code === '57014');
    assert.equal(await one(db), 1);
  });

  it('ends a transaction left idle past the limit: it fails, the process goes on, and so does the store', async () => {
    const { db, broken } = database({ limits: { ...PG_SESSION_LIMITS, idleInTransactionTimeoutMs: 100 } });
    const transaction = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      // Idle inside the transaction until the server gives up on it (it closes the connection).
      await until(() => broken.length > 0, 'the server ends the idle transaction');
      await tx.query('SELECT 2');
    });
    await assert.rejects(transaction);
    assert.ok(broken.some((error) => (error as Error & { code?: string }).code === '25P03'), broken.map((e) => e.message).join('; '));
    assert.equal(await one(db), 1);
  });
});
