import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import type { CallEvent } from '../../connector/src/domain/call-event.js';
import { foldCallEvents } from '../../connector/src/domain/fold-call-events.js';
import { localDayStart, offsetSegments } from '../../connector/src/domain/usage-time-zone.js';
import { SQLITE_MIGRATIONS } from '../../connector/src/store/sqlite-migrations.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { Store, UsageFilter } from '../../connector/src/store/store.js';
import { callEvents, foldAll, type CallPlan } from './usage-calls.js';

const T = Date.parse('2026-10-24T22:10:00.250Z');
const PLANS: readonly CallPlan[] = [
  // Answer to end 30.5 s and a 2.5 s wrap-up, corrected 40 min later (capped): whole seconds round alike in SQL and JS.
  { agentId: 'maria', callId: 'a', startMs: T, direction: 'outbound', answerAfterMs: 1500, endAfterMs: 30_500, wrapUpsAfterEndMs: [2500, 2_400_000] },
  { agentId: 'maria', callId: 'b', startMs: T + 3_600_000, direction: 'inbound', answerAfterMs: 800, holdMs: 7_300, endAfterMs: 61_000 },
  { agentId: 'li', callId: 'c', startMs: T + 7_200_000, direction: 'outbound', answerAfterMs: null, endAfterMs: 20_000, cause: 'failed', sipStatus: 486 },
  { agentId: 'li', callId: 'd', startMs: T + 90_000_000, direction: 'outbound', answerAfterMs: null, endAfterMs: 4_000, cause: 'heartbeat-timeout' },
  { agentId: 'li', callId: 'open', startMs: T, direction: 'outbound', answerAfterMs: 1000, endAfterMs: null },
];
const AGENTS = [['maria', 'Sales'], ['li', 'Support']] as const;
const REFUSAL = { agentId: 'maria', at: T + 5, code: 'DO_NOT_CALL' };

async function createAgents(store: Store): Promise<void> {
  for (const [id, team] of AGENTS) await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team, tokenHash: hashToken(id) });
}

describe('SQLite store: upgrading to version 5 fills usage from the calls folded before', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'store-v5-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the same usage, facts and refusals as if the calls had been folded by this version, and keeps them in step after', async () => {
    const file = path.join(dir, 'connector.sqlite');
    const events = PLANS.flatMap(callEvents);
    const v4 = SqliteStore.open(file, SQLITE_MIGRATIONS.filter((m) => m.version <= 4));
    await createAgents(v4);
    await v4.appendCallEvents(events, T);
    // Version 4 audited refusals only.
    await v4.appendAudit({ at: REFUSAL.at, actor: `agent:${REFUSAL.agentId}`, action: 'call.refused', target: '+19005550100', outcome: 'refused', details: { code: REFUSAL.code } });
    await v4.close();
    foldAsVersion4(file);

    const from = localDayStart('2026-10-24', 'Europe/London');
    const to = localDayStart('2026-10-27', 'Europe/London');
    const filter: UsageFilter = { from, to, agentIds: null, team: null };
    const segments = offsetSegments(from, to, 'Europe/London');

    const upgraded = SqliteStore.open(file);
    const reference = SqliteStore.open(':memory:');
    try {
      await createAgents(reference);
      await reference.appendCallEvents(events, T);
      await foldAll(reference, T);
      await reference.recordRefusal(REFUSAL);

      const usage = await upgraded.usage(filter, segments);
      assert.equal(usage.totals.calls, 4);
      assert.deepEqual(usage.refusals, [{ code: 'DO_NOT_CALL', count: 1 }]);
      assert.deepEqual(usage, await reference.usage(filter, segments));
      assert.deepEqual(await upgraded.callFacts(filter, { limit: 10 }), await reference.callFacts(filter, { limit: 10 }));
      assert.equal((await upgraded.callFacts(filter, { limit: 10 }))[0]?.wrapUpSeconds, 1800, 'the wrap-up is read from the events');

      const late: CallEvent = { eventId: 'late-wrap-up', callId: 'b', agentId: 'maria', occurredAt: new Date(T + 4_000_000).toISOString(), type: 'wrapup', disposition: 'Sale', notes: null };
      for (const store of [upgraded, reference]) {
        await store.appendCallEvents([late], T + 1);
        await foldAll(store, T + 1);
      }
      const refolded = await upgraded.usage(filter, segments);
      assert.equal(refolded.totals.calls, 4, 'a refold of a backfilled call replaces it');
      assert.deepEqual(refolded, await reference.usage(filter, segments));
    } finally {
      await upgraded.close();
      await reference.close();
    }
  });
});

/** What version 4's fold wrote: the record (which had no `wrappedUpAt` then) into the calls row. */
function foldAsVersion4(file: string): void {
  const db = new Database(file);
  try {
    const legs = db.prepare('SELECT call_id FROM calls').pluck().all() as string[];
    for (const leg of legs) {
      const events = (db.prepare('SELECT body FROM call_events WHERE call_id = ?').pluck().all(leg) as string[]).map((body) => JSON.parse(body) as CallEvent);
      const { wrappedUpAt: _unknownToVersion4, ...record } = foldCallEvents(events)!;
      db.prepare(
        `UPDATE calls SET folded_version = version, ended = MAX(ended, ?), record_type = ?, record_id = ?, started_at = ?, record = ?
         WHERE call_id = ?`,
      ).run(record.endedAt ? 1 : 0, record.record?.objectType ?? null, record.record?.id ?? null, record.startedAt, JSON.stringify(record), leg);
    }
  } finally {
    db.close();
  }
}
