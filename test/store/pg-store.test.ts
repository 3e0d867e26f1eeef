import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts, type SipAccountInput } from '../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS } from '../../connector/src/services/softphone-settings.js';
import type { MigrationEvent } from '../../connector/src/store/migration-event.js';
import { PG_MIGRATIONS } from '../../connector/src/store/pg-migrations.js';
import { PgStore } from '../../connector/src/store/pg-store.js';
import { agentFixture } from '../support/agent-fixture.js';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../support/postgres.js';

const PASSWORD = 'correct-horse-battery-staple-SIP';
const sipInput: SipAccountInput = { kind: 'password', username: '1001', password: PASSWORD, authUser: null, domain: null, wsServer: null, displayName: 'Maria' };
const maria = { id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: 'a'.repeat(64) };
const EXTRA = { version: 2, name: 'a table of the test', sql: 'CREATE TABLE extra (x INTEGER NOT NULL)' };

describe('PostgreSQL store', () => {
  const schemas: TestSchema[] = [];
  const stores: PgStore[] = [];
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  before(() => admin.connect());
  after(() => admin.end());
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  /** A schema name for the test, dropped after it; with `create: false` it does not exist yet. */
  async function testSchema(options: { create: boolean } = { create: true }): Promise<string> {
    const schema = await createTestSchema('pgstore');
    schemas.push(schema);
    if (!options.create) await admin.query(`DROP SCHEMA ${schema.schema}`);
    return schema.schema;
  }

  async function open(schema: string, options: Omit<Parameters<typeof PgStore.open>[1] & object, 'schema'> = {}): Promise<PgStore> {
    const store = await PgStore.open(TEST_DATABASE_URL, { ...options, schema });
    stores.push(store);
    return store;
  }

  const recorded = async (schema: string) =>
    (await admin.query<{ version: number; name: string }>(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`)).rows;

  it('creates a missing schema, applies each migration once and records it, and applies nothing on the next start', async () => {
    const schema = await testSchema({ create: false });
    const events: MigrationEvent[] = [];
    await open(schema, { migrations: [...PG_MIGRATIONS, EXTRA], onMigration: (e) => events.push(e) });
    assert.deepEqual(events.map((e) => `${e.phase} ${e.version}`), ['started 1', 'applied 1', 'started 2', 'applied 2']);
    const again: MigrationEvent[] = [];
    const second = await open(schema, { migrations: [...PG_MIGRATIONS, EXTRA], onMigration: (e) => again.push(e) });
    assert.deepEqual(again, []);
    assert.equal(await second.schemaVersion(), 2);
    assert.deepEqual(await recorded(schema), [{ version: 1, name: PG_MIGRATIONS[0]!.name }, { version: 2, name: EXTRA.name }]);
  });

  it('lets three instances start at once on a fresh schema: all open, and each migration is applied by exactly one', async () => {
    const schema = await testSchema({ create: false });
    const applied: MigrationEvent[] = [];
    const onMigration = (e: MigrationEvent) => e.phase === 'applied' && applied.push(e);
    const opened = await Promise.all([1, 2, 3].map(() => open(schema, { migrations: [...PG_MIGRATIONS, EXTRA], onMigration })));
    for (const store of opened) assert.equal(await store.schemaVersion(), 2);
    assert.deepEqual(applied.map((e) => e.version).sort(), [1, 2]);
    assert.deepEqual((await recorded(schema)).map((r) => r.version), [1, 2]);
  });

  it('lets a migration, and the instances waiting for it, run past the session limits', async () => {
    const schema = await testSchema({ create: false });
    const slow = { version: 2, name: 'slow', sql: 'SELECT pg_sleep(0.5)' };
    const limits = { statementTimeoutMs: 100, lockTimeoutMs: 100, idleInTransactionTimeoutMs: 60_000 };
    const opened = await Promise.all([1, 2].map(() => open(schema, { migrations: [...PG_MIGRATIONS, slow], limits })));
    for (const store of opened) assert.equal(await store.schemaVersion(), 2);
  });

  it('rolls back a failing migration whole, names it in the error, and leaves the schema version where it was', async () => {
    const schema = await testSchema();
    await open(schema);
    const broken = [...PG_MIGRATIONS, { version: 999, name: 'broken', sql: 'CREATE TABLE half (x TEXT); SELEKT nonsense;' }];
    await assert.rejects(PgStore.open(TEST_DATABASE_URL, { schema, migrations: broken }), /migration 999 \(broken\) failed: syntax error/);
    const half = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half'`, [schema]);
    assert.equal(half.rowCount, 0, 'no half-made table');
    assert.deepEqual((await recorded(schema)).map((r) => r.version), [1]);
  });

  it('keeps running on a schema a newer connector migrated (a rolling upgrade), and says so', async () => {
    const schema = await testSchema();
    await open(schema, { migrations: [...PG_MIGRATIONS, EXTRA] });
    const newer: unknown[] = [];
    const older = await open(schema, { onNewerSchema: (versions) => newer.push(versions) });
    assert.deepEqual(newer, [{ found: 2, known: 1 }]);
    await older.createAgent(maria);
    assert.equal((await older.agentById('maria'))?.name, 'Maria');
    const current: unknown[] = [];
    await open(schema, { migrations: [...PG_MIGRATIONS, EXTRA], onNewerSchema: (versions) => current.push(versions) });
    assert.deepEqual(current, [], 'not said by a connector that knows every migration');
  });

  it('gives a failed migration’s SQLSTATE, without keeping the driver’s error', async () => {
    const schema = await testSchema();
    const broken = [...PG_MIGRATIONS, { version: 998, name: 'broken', sql: 'SELEKT 1' }];
    await assert.rejects(PgStore.open(TEST_DATABASE_URL, { schema, migrations: broken }), (error: Error & { code?: string }) => {
      assert.equal(error.code, '42601');
      assert.equal(error.cause, undefined);
      return true;
    });
  });

  it('refuses to open when the connections do not work in its schema (startup options dropped or replaced), and creates nothing', async () => {
    const schema = await testSchema({ create: false });
    // An options parameter in the URL replaces the store's startup options, as a pooler that drops them would.
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', '-c search_path=public');
    const before = await admin.query(`SELECT to_regclass('public.schema_migrations') AS t`);
    await assert.rejects(PgStore.open(url.toString(), { schema }), new RegExp(`connections work in schema "public", not "${schema}" as configured: .*PgBouncer`));
    assert.equal((await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount, 0, 'no schema made');
    assert.deepEqual((await admin.query(`SELECT to_regclass('public.schema_migrations') AS t`)).rows, before.rows, 'no table made in public');
  });

  it('keeps its tables in its own schema: two stores on two schemas of one database see nothing of each other', async () => {
    const [one, two] = [await testSchema(), await testSchema()];
    const first = await open(one);
    const second = await open(two);
    await first.createAgent(maria);
    assert.equal((await first.agentById('maria'))?.name, 'Maria');
    assert.equal(await second.agentById('maria'), null);
    const tables = await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'agents'`, [one]);
    assert.equal(tables.rowCount, 1);
  });

  it('shares what one instance writes with another: a SIP password sealed by one opens in the other with the same key', async () => {
    const schema = await testSchema();
    const key = randomBytes(32);
    const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, wsServer: 'wss://sip.example.test' };
    const first = await open(schema);
    await first.createAgent({ ...maria, sip: new AgentSipAccounts({ store: first, box: new SecretBox(key), softphone }).seal('maria', sipInput) });
    const second = await open(schema);
    const settings = await new AgentSipAccounts({ store: second, box: new SecretBox(key), softphone }).settingsFor(agentFixture());
    assert.equal(settings.sip?.authorizationPassword, PASSWORD);
  });

  it('keeps the SIP password only sealed: no row of any of its tables holds the plaintext', async () => {
    const schema = await testSchema();
    const store = await open(schema);
    const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone: DEFAULT_SOFTPHONE_SETTINGS });
    await store.createAgent({ ...maria, sip: accounts.seal('maria', sipInput) });
    await accounts.put('maria', { ...sipInput, username: '1002' });
    const tables = await admin.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
    assert.ok(tables.rows.some((t) => t.table_name === 'agent_sip_accounts'));
    for (const { table_name } of tables.rows) {
      const { rows } = await admin.query<{ row: string }>(`SELECT t::text AS row FROM ${schema}.${table_name} t`);
      for (const { row } of rows) assert.ok(!row.includes(PASSWORD), `${table_name} holds the password`);
    }
    assert.match((await store.agentSip('maria'))?.sealedPassword ?? '', /^v2:/);
  });

  it('refuses a schema name that is not a plain lower-case identifier, and creates nothing', async () => {
    for (const schema of ['Sales', 'cti-eu', '1cti', 'cti; DROP SCHEMA public', '', 'x'.repeat(64)]) {
      await assert.rejects(PgStore.open(TEST_DATABASE_URL, { schema }), /invalid PostgreSQL schema name/, schema);
    }
    const made = await admin.query(`SELECT 1 FROM pg_namespace WHERE nspname IN ('Sales', 'cti-eu', '1cti')`);
    assert.equal(made.rowCount, 0);
  });

  it('fails to open an unreachable or missing database with an error naming host, port and database, never the password', async () => {
    const secret = 'S3cret-Pass@word';
    const encoded = encodeURIComponent(secret);
    const unreachable = PgStore.open(`postgres://cti:${encoded}@127.0.0.1:1/cti`, { schema: 'cti' });
    await assert.rejects(unreachable, (error: Error) => {
      assert.match(error.message, /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/cti/);
      assert.ok(!error.message.includes(secret) && !error.message.includes(encoded), error.message);
      return true;
    });
    const server = new URL(TEST_DATABASE_URL);
    const missing = PgStore.open(`postgres://${server.username || 'postgres'}:${encoded}@${server.host}/no_such_db_${randomBytes(4).toString('hex')}`);
    await assert.rejects(missing, (error: Error) => {
      assert.match(error.message, /cannot connect to PostgreSQL at .*\/no_such_db_[0-9a-f]+: .*does not exist/);
      assert.ok(!error.message.includes(secret) && !error.message.includes(encoded), error.message);
      return true;
    });
    await assert.rejects(PgStore.open(`postgres://cti:${secret}@[broken/cti`), (error: Error) => !error.message.includes(secret) && /not a valid URL/.test(error.message));
  });
});
