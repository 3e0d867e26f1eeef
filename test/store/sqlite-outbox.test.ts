import assert from 'node:assert/strict';
import type { CallLog } from '../../connector/src/crm/call-log.js';
import { foldCallEvents } from '../../connector/src/domain/fold-call-events.js';
import { callLogFromRecord } from '../../connector/src/domain/call-log-from-record.js';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { finishedCall } from '../outbox/call-events.js';

describe('SQLite outbox versions', () => {
  let store: SqliteStore;
  const t0 = Date.parse('2026-11-23T12:00:00.000Z');

  beforeEach(() => {
    store = SqliteStore.open(':memory:');
  });
  afterEach(() => store.close());

  const leg = (callId: string) => callLegKey('agent-1', callId);

  async function fold(sipCallId: string, now: number): Promise<{ version: number; log: CallLog }> {
    const callId = leg(sipCallId);
    const [pending] = (await store.callsToFold(10)).filter((c) => c.callId === callId);
    assert.ok(pending, `${callId} has events to fold`);
    const record = foldCallEvents(await store.callEvents(callId))!;
    const log = callLogFromRecord(record, null)!;
    await store.saveFold({ callId, version: pending.version, record, log, now });
    return { version: pending.version, log };
  }

  it('keeps a correction pending when the older version is confirmed delivered after it was queued', async () => {
    const events = finishedCall('c1', { notes: 'first thoughts' });
    const wrapup = events.pop()!;
    await store.appendCallEvents(events, t0);
    const first = await fold('c1', t0);
    const [due] = await store.dueOutbox(t0, 10);
    await store.appendCallEvents([wrapup], t0 + 1);
    await fold('c1', t0 + 1);
    await store.markDelivered({ callId: leg('c1'), version: due!.version, crmId: '00T1', now: t0 + 2 });
    const [still] = await store.dueOutbox(t0 + 2, 10);
    assert.ok(still, 'the correction is still due');
    assert.ok(still.version > first.version);
    assert.equal(still.log.notes, 'first thoughts');
  });

  it('does not requeue a delivered call when a fold changes nothing in its log', async () => {
    await store.appendCallEvents(finishedCall('c2'), t0);
    const { version } = await fold('c2', t0);
    await store.markDelivered({ callId: leg('c2'), version, crmId: '00T2', now: t0 });
    await store.appendCallEvents([{ eventId: 'dup-dialing', callId: 'c2', agentId: 'agent-1', occurredAt: new Date(t0 + 999_999).toISOString(), type: 'resumed' }], t0 + 5);
    await fold('c2', t0 + 5);
    assert.deepEqual(await store.dueOutbox(t0 + 10, 10), []);
  });

  it('never lets an older fold overwrite a newer one', async () => {
    const events = finishedCall('c3', { notes: 'final' });
    await store.appendCallEvents(events.slice(0, 1), t0);
    const [old] = await store.callsToFold(10);
    const oldRecord = foldCallEvents(await store.callEvents(leg('c3')))!;
    await store.appendCallEvents(events.slice(1), t0 + 1);
    await fold('c3', t0 + 1);
    await store.saveFold({ callId: leg('c3'), version: old!.version, record: oldRecord, log: null, now: t0 + 2 });
    const [saved] = await store.recordCalls({ objectType: 'Contact', id: 'CON-0001' }, 10);
    assert.equal(saved?.notes, 'final');
  });

  it('reports how long the oldest log has waited, across its retries', async () => {
    await store.appendCallEvents(finishedCall('c4'), t0);
    const { version } = await fold('c4', t0);
    await store.markRetry({ callId: leg('c4'), version, nextAttemptAt: t0 + 60_000, error: 'HTTP 503', now: t0 + 500_000 });
    assert.equal((await store.outboxCounts(t0 + 600_000)).oldestPendingAgeMs, 600_000);
  });

  it('keeps the same event id apart in different calls', async () => {
    const a = finishedCall('call-a');
    const b = finishedCall('call-b').map((e, i) => ({ ...e, eventId: a[i]!.eventId }));
    await store.appendCallEvents(a, t0);
    assert.deepEqual(await store.appendCallEvents(b, t0), { inserted: b.length, duplicates: 0 });
    assert.equal((await store.callEvents(leg('call-b'))).length, b.length);
  });

  it('tells when each version of a log was queued: not moved by retries, renewed by a correction and by a replay', async () => {
    const events = finishedCall('q1', { notes: 'first thoughts' });
    const wrapup = events.pop()!;
    await store.appendCallEvents(events, t0);
    await fold('q1', t0);
    const [first] = await store.dueOutbox(t0, 10);
    assert.equal(first!.queuedAt, t0);
    await store.markRetry({ callId: leg('q1'), version: first!.version, nextAttemptAt: t0 + 5000, error: 'timeout', now: t0 + 1000 });
    assert.equal((await store.dueOutbox(t0 + 5000, 10))[0]!.queuedAt, t0, 'a retry is no new queueing');
    // The wrap-up is saved 25 minutes later: its version is queued then.
    const later = t0 + 25 * 60_000;
    await store.appendCallEvents([wrapup], later);
    await fold('q1', later);
    const [second] = await store.dueOutbox(later, 10);
    assert.ok(second!.version > first!.version);
    assert.equal(second!.queuedAt, later);
    await store.markDead({ callId: leg('q1'), version: second!.version, error: 'REJECTED: no', now: later + 1000 });
    assert.equal((await store.deadLetters(10))[0]!.queuedAt, later);
    assert.equal(await store.replayDeadLetter(leg('q1'), later + 60_000), true);
    assert.equal((await store.dueOutbox(later + 60_000, 10))[0]!.queuedAt, later + 60_000, 'a replay queues it again');
  });
});
