import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';
import { SqliteStore, type MigrationEvent } from '../../connector/src/store/sqlite-store.js';
import { compiledDuring, queryPlan } from './query-plans.js';

const T = Date.parse('2026-11-23T12:00:00.000Z');
const log = (callId: string) => JSON.stringify({ callId, endedAt: new Date(T).toISOString() });

describe('SQLite store: upgrading to version 7 (outbox claims)', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'store-v7-'));
    file = path.join(dir, 'connector.sqlite');
    await SqliteStore.open(file, SQLITE_MIGRATIONS.filter((m) => m.version <= 6)).close();
    // What version 6 holds: a log waiting for a retry, one due now, one delivered; no lease columns yet.
    const db = new Database(file);
    const call = db.prepare("INSERT INTO calls (call_id, agent_id, version, folded_version, ended, last_received_at) VALUES (?, 'maria', 3, 3, 1, ?)");
    const outbox = db.prepare(
      `INSERT INTO outbox (call_id, version, status, log, attempts, next_attempt_at, last_error, pending_since, updated_at, queued_at)
       VALUES (?, 3, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const id of ['maria:due', 'maria:later', 'maria:sent']) call.run(id, T);
    outbox.run('maria:due', 'pending', log('maria:due'), 1, T - 1000, 'timeout', T - 60_000, T - 1000, T - 60_000);
    outbox.run('maria:later', 'pending', log('maria:later'), 2, T + 60_000, 'timeout', T - 30_000, T - 1000, T - 30_000);
    outbox.run('maria:sent', 'delivered', log('maria:sent'), 0, T - 5000, null, null, T - 4000, T - 5000);
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies version 7 alone, and nothing on a reopen', async () => {
    const events: MigrationEvent[] = [];
    await SqliteStore.open(file, SQLITE_MIGRATIONS, { onMigration: (event) => events.push(event) }).close();
    assert.deepEqual(
      events.map(({ phase, version }) => `${phase} ${version}`),
      ['started 7', 'applied 7'],
    );
    const again: MigrationEvent[] = [];
    await SqliteStore.open(file, SQLITE_MIGRATIONS, { onMigration: (event) => again.push(event) }).close();
    assert.deepEqual(again, []);
  });

  it('hands a log queued before the upgrade to one claim, and to the next only once it is settled', async () => {
    const store = SqliteStore.open(file);
    try {
      assert.equal(await store.schemaVersion(), 7);
      const first = await store.claimDueOutbox({ now: T, limit: 10, leaseMs: 30_000 });
      assert.deepEqual(first.entries.map((e) => ({ callId: e.callId, version: e.version, attempts: e.attempts, queuedAt: e.queuedAt })), [
        { callId: 'maria:due', version: 3, attempts: 1, queuedAt: T - 60_000 },
      ]);
      assert.equal(first.until, T + 30_000);
      assert.deepEqual((await store.claimDueOutbox({ now: T, limit: 10, leaseMs: 30_000 })).entries, [], 'held by the first claim');

      await store.markRetry({ callId: 'maria:due', version: 3, nextAttemptAt: T + 1000, error: 'timeout', now: T, claim: first.token });
      const next = await store.claimDueOutbox({ now: T + 1000, limit: 10, leaseMs: 30_000 });
      assert.deepEqual(next.entries.map((e) => [e.callId, e.attempts]), [['maria:due', 2]]);
      assert.deepEqual(await store.outboxCounts(T), { pending: 2, delivered: 1, dead: 0, oldestPendingAgeMs: 60_000 });
    } finally {
      await store.close();
    }
  });

  it('finds due logs through the pending index, and a claim’s logs through its own index', async () => {
    const store = SqliteStore.open(file);
    try {
      let claim = { token: '' };
      const compiled = await compiledDuring(async () => {
        claim = await store.claimDueOutbox({ now: T, limit: 10, leaseMs: 30_000 });
        await store.renewOutboxClaim({ token: claim.token, until: T + 60_000 });
      });
      const plans = compiled.filter(({ sql }) => /outbox/.test(sql)).map(queryPlan);
      assert.equal(plans.length, 3, plans.join('\n---\n'));
      const [take, readBack, renew] = plans as [string, string, string];
      assert.match(take, /SEARCH outbox USING INDEX outbox_due \(next_attempt_at<\?\)/, take);
      assert.doesNotMatch(take, /SCAN outbox\b/, take);
      assert.match(readBack, /SEARCH outbox USING INDEX outbox_leases \(lease_owner=\?\)/, readBack);
      assert.match(renew, /SEARCH outbox USING INDEX outbox_leases \(lease_owner=\?\)/, renew);
    } finally {
      await store.close();
    }
  });
});
