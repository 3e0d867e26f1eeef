import assert from 'node:assert/strict';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { finishedCall } from '../outbox/call-events.js';
import { foldAll } from './usage-calls.js';

describe('SQLite store: the outbox entries waiting for the CRM', () => {
  let store: SqliteStore;
  const t0 = Date.parse('2026-11-23T12:00:00.000Z');
  const leg = (callId: string) => callLegKey('agent-1', callId);

  beforeEach(() => {
    store = SqliteStore.open(':memory:');
  });
  afterEach(() => store.close());

  async function queue(callId: string, now: number, options: { notes?: string } = {}): Promise<number> {
    await store.appendCallEvents(finishedCall(callId, options), now);
    await foldAll(store, now);
    const entry = (await store.pendingOutbox(100)).find((e) => e.callId === leg(callId));
    assert.ok(entry, `${callId} is queued`);
    return entry.version;
  }

  it('lists what has not been delivered, longest waiting first, with its retries and last error', async () => {
    const v1 = await queue('c1', t0);
    const v2 = await queue('c2', t0 + 1000);
    const v3 = await queue('delivered', t0 + 2000);
    const v4 = await queue('dead', t0 + 3000);
    await store.markRetry({ callId: leg('c1'), version: v1, nextAttemptAt: t0 + 60_000, error: 'HTTP 503', now: t0 + 5000 });
    await store.markDelivered({ callId: leg('delivered'), version: v3, crmId: '00T1', now: t0 + 5000 });
    await store.markDead({ callId: leg('dead'), version: v4, error: 'HTTP 400', now: t0 + 5000 });

    assert.deepEqual(await store.pendingOutbox(10), [
      { callId: leg('c1'), version: v1, attempts: 1, lastError: 'HTTP 503', nextAttemptAt: t0 + 60_000, pendingSince: t0 },
      { callId: leg('c2'), version: v2, attempts: 0, lastError: null, nextAttemptAt: t0 + 1000, pendingSince: t0 + 1000 },
    ]);
    assert.deepEqual((await store.pendingOutbox(1)).map((e) => e.callId), [leg('c1')]);

    assert.equal(await store.replayDeadLetter(leg('dead'), t0 + 9000), true);
    assert.deepEqual((await store.pendingOutbox(10)).map((e) => [e.callId, e.pendingSince]), [
      [leg('c1'), t0], [leg('c2'), t0 + 1000], [leg('dead'), t0 + 9000],
    ]);
  });

  it('keeps a waiting entry’s age when a correction replaces its log', async () => {
    const first = await queue('c1', t0);
    await store.appendCallEvents(
      [{ eventId: 'wrap-later', callId: 'c1', agentId: 'agent-1', occurredAt: new Date(t0 + 500_000).toISOString(), type: 'wrapup', disposition: 'Sale', notes: 'signed' }],
      t0 + 600_000,
    );
    await foldAll(store, t0 + 600_000);
    const [entry] = await store.pendingOutbox(10);
    assert.ok(entry && entry.version > first);
    assert.equal(entry.pendingSince, t0);
  });
});
