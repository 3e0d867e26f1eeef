import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';

describe('SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cti-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its folder and file, in WAL mode so a crash loses no committed write', async () => {
    const file = path.join(dir, 'nested', 'connector.sqlite');
    const store = SqliteStore.open(file);
    await store.ping();
    await store.close();
    assert.ok(existsSync(file));
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('applies every migration once, and again on reopen applies nothing twice', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
    const first = SqliteStore.open(file);
    assert.equal(await first.schemaVersion(), latest);
    await first.close();
    const second = SqliteStore.open(file);
    assert.equal(await second.schemaVersion(), latest);
    await second.close();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    db.close();
    assert.deepEqual(rows.map((r) => r.version), SQLITE_MIGRATIONS.map((m) => m.version));
  });

  it('rolls back a failing migration whole, leaving the schema version where it was', () => {
    const file = path.join(dir, 'connector.sqlite');
    const broken = [...SQLITE_MIGRATIONS, { version: 999, name: 'broken', sql: 'CREATE TABLE half (x TEXT); SELEKT nonsense;' }];
    assert.throws(() => SqliteStore.open(file, broken), /syntax error/);
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half'").all();
    const max = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number };
    db.close();
    assert.deepEqual(tables, []);
    assert.equal(max.v, Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)));
  });
});
