import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';
import { SqliteStore, type MigrationEvent } from '../../connector/src/store/sqlite-store.js';

const T = Date.parse('2026-11-23T12:00:00.000Z');
const LOG = JSON.stringify({ callId: 'maria:old', endedAt: new Date(T).toISOString() });

describe('SQLite store: upgrading to version 6', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'store-v6-'));
    file = path.join(dir, 'connector.sqlite');
    await SqliteStore.open(file, SQLITE_MIGRATIONS.filter((m) => m.version <= 5)).close();
    // What version 5 wrote: one presence row per widget id, whoever reported it last; outbox rows without queue time.
    const db = new Database(file);
    const widget = db.prepare('INSERT INTO widget_presence (widget_id, agent_id, registration, host, at) VALUES (?, ?, ?, ?, ?)');
    for (let n = 0; n < 25; n++) widget.run(`tab-${String(n).padStart(8, '0')}`, 'maria', 'registered', 'page', T + n * 1000);
    widget.run('tab-li-000001', 'li', 'failed', 'salesforce', T);
    db.prepare("INSERT INTO calls (call_id, agent_id, version, folded_version, ended, last_received_at) VALUES ('maria:old', 'maria', 3, 3, 1, ?)").run(T);
    db.prepare(
      `INSERT INTO outbox (call_id, version, status, log, attempts, next_attempt_at, last_error, pending_since, updated_at)
       VALUES ('maria:old', 3, 'pending', ?, 2, ?, 'timeout', ?, ?)`,
    ).run(LOG, T, T - 60_000, T - 5000);
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says when each migration starts and how long it took, and nothing on a reopen', async () => {
    const events: MigrationEvent[] = [];
    const upToV6 = SQLITE_MIGRATIONS.filter((m) => m.version <= 6);
    const store = SqliteStore.open(file, upToV6, { onMigration: (event) => events.push(event) });
    await store.close();
    const name = SQLITE_MIGRATIONS.find((m) => m.version === 6)!.name;
    assert.deepEqual(events.map(({ phase, version, name }) => ({ phase, version, name })), [
      { phase: 'started', version: 6, name },
      { phase: 'applied', version: 6, name },
    ]);
    const applied = events[1]!;
    assert.ok(applied.phase === 'applied' && Number.isInteger(applied.durationMs) && applied.durationMs >= 0);
    const again: MigrationEvent[] = [];
    await SqliteStore.open(file, upToV6, { onMigration: (event) => again.push(event) }).close();
    assert.deepEqual(again, []);
  });

  it('keeps each agent’s 20 newest widgets, then keys presence by agent and widget', async () => {
    const store = SqliteStore.open(file);
    try {
      const widgets = async () => (await store.presenceSince(0)).map((p) => `${p.agentId}/${p.widgetId}`);
      const tab = (n: number) => `maria/tab-${String(n).padStart(8, '0')}`;
      assert.deepEqual(await widgets(), ['li/tab-li-000001', ...Array.from({ length: 20 }, (_, i) => tab(i + 5))]);
      await store.reportPresence({ agentId: 'li', widgetId: 'tab-00000024', registration: 'registered', host: 'page', at: T + 99_000 });
      assert.equal((await widgets()).filter((w) => w.endsWith('/tab-00000024')).length, 2, 'the same widget id, two agents');
    } finally {
      await store.close();
    }
  });

  it('counts a log queued before the upgrade from its last change, and keeps the outbox counts', async () => {
    const store = SqliteStore.open(file);
    try {
      const [due] = (await store.claimDueOutbox({ now: T, limit: 10, leaseMs: 30_000 })).entries;
      assert.deepEqual({ ...due, log: undefined }, { callId: 'maria:old', version: 3, log: undefined, attempts: 2, lastError: 'timeout', queuedAt: T - 5000 });
      assert.deepEqual(await store.outboxCounts(T), { pending: 1, delivered: 0, dead: 0, oldestPendingAgeMs: 60_000 });
    } finally {
      await store.close();
    }
  });
});
