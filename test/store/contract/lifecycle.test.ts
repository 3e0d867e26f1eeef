import assert from 'node:assert/strict';
import { PG_MIGRATIONS } from '../../../connector/src/store/pg-migrations.js';
import { SQLITE_MIGRATIONS } from '../../../connector/src/store/sqlite-migrations.js';
import { describeEachStore } from './store-kinds.js';

describeEachStore('opening and closing', (open, kind) => {
  it('is migrated when handed out: its schema version is its newest migration’s', async () => {
    const store = await open();
    const migrations = kind === 'SQLite' ? SQLITE_MIGRATIONS : PG_MIGRATIONS;
    assert.equal(await store.schemaVersion(), Math.max(...migrations.map((m) => m.version)));
  });

  it('answers its ping while open and fails it once closed, so readiness reports it, and closes idempotently', async () => {
    const store = await open();
    await store.ping();
    await store.close();
    await store.close();
    await assert.rejects(store.ping());
  });
});
