import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';

describe('SQLite store: upgrading agents to version 4', () => {
  it('keeps a CRM user id shared by two agents on the first created, clears it on the other, and says so in the audit log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'store-v4-'));
    const file = path.join(dir, 'connector.sqlite');
    try {
      const v3 = SqliteStore.open(file, SQLITE_MIGRATIONS.filter((m) => m.version <= 3));
      await v3.close();
      const db = new Database(file);
      const insert = db.prepare("INSERT INTO agents (id, name, crm_user_id, token_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, '2026-01-01')");
      insert.run('zoe', 'Zoe', '005A', 'h1');
      insert.run('adam', 'Adam', '005A', 'h2');
      insert.run('lee', 'Lee', '005B', 'h3');
      db.close();
      const upgraded = SqliteStore.open(file);
      try {
        assert.equal((await upgraded.agentByCrmUserId('005A'))?.id, 'zoe');
        assert.equal((await upgraded.agentById('adam'))?.crmUserId, null);
        assert.equal((await upgraded.agentByCrmUserId('005B'))?.id, 'lee');
        const [entry] = await upgraded.auditLog({ limit: 10 });
        assert.deepEqual({ actor: entry?.actor, target: entry?.target, details: entry?.details }, {
          actor: 'system',
          target: 'adam',
          details: { cleared: 'crmUserId', reason: 'another agent created earlier has the same CRM user id', crmUserId: '005A' },
        });
      } finally {
        await upgraded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
