import assert from 'node:assert/strict';
import type { CallLog } from '../../../connector/src/crm/call-log.js';
import { callLegKey } from '../../../connector/src/domain/call-leg-key.js';
import { callLogFromRecord } from '../../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { foldPendingCalls } from '../../../connector/src/outbox/call-folder.js';
import type { Store } from '../../../connector/src/store/store.js';
import { finishedCall } from '../../outbox/call-events.js';
import { foldAll } from '../usage-calls.js';
import { describeEachStore } from './store-kinds.js';

const t0 = Date.parse('2026-11-23T12:00:00.000Z');
const LEASE = 30_000;
const leg = (callId: string) => callLegKey('agent-1', callId);
const claim = (store: Store, now: number) => store.claimDueOutbox({ now, limit: 10, leaseMs: LEASE });

/**
 * Folds the call's pending events as the fold worker would, and returns the version folded and its log; `dueAt`, when
 * the log may first be sent (as while it waits for the agent's wrap-up).
 */
async function fold(store: Store, sipCallId: string, now: number, dueAt?: number): Promise<{ version: number; log: CallLog }> {
  const callId = leg(sipCallId);
  const pending = (await store.claimCallsToFold({ now, limit: 10, leaseMs: LEASE })).find((c) => c.callId === callId);
  assert.ok(pending, `${callId} has events to fold`);
  const record = foldCallEvents(await store.callEvents(callId))!;
  const log = callLogFromRecord(record, null)!;
  await store.saveFold({ callId, version: pending.version, record, log, now, ...(dueAt === undefined ? {} : { dueAt }) });
  return { version: pending.version, log };
}

describeEachStore('outbox versions', (open) => {
  it('keeps a correction pending when the older version is confirmed delivered after it was queued', async () => {
    const store = await open();
    const events = finishedCall('c1', { notes: 'first thoughts' });
    const wrapup = events.pop()!;
    await store.appendCallEvents(events, t0);
    const first = await fold(store, 'c1', t0);
    const sending = await claim(store, t0);
    const [due] = sending.entries;
    await store.appendCallEvents([wrapup], t0 + 1);
    await fold(store, 'c1', t0 + 1);
    await store.markDelivered({ callId: leg('c1'), version: due!.version, crmId: '00T1', now: t0 + 2, claim: sending.token });
    const [still] = (await claim(store, t0 + 2)).entries;
    assert.ok(still, 'the correction is still due');
    assert.ok(still.version > first.version);
    assert.equal(still.log.notes, 'first thoughts');
  });

  it('keeps why a newer version is retrying or dead, and its place among the dead letters, when an older one is confirmed late', async () => {
    const store = await open();
    /** Sends a call's first version under a claim that then outlives its lease; its correction is claimed by another. */
    async function olderInFlight(sipCallId: string, at: number) {
      const events = finishedCall(sipCallId, { notes: 'corrected' });
      const wrapup = events.pop()!;
      await store.appendCallEvents(events, at);
      await fold(store, sipCallId, at);
      const slow = await claim(store, at);
      await store.appendCallEvents([wrapup], at + 1);
      await fold(store, sipCallId, at + 1);
      const [older] = slow.entries;
      const taken = await claim(store, at + LEASE);
      const [newer] = taken.entries;
      assert.ok(older && newer && newer.version > older.version, `${sipCallId}: the correction is taken over once the lease ran out`);
      return { older, slow, newer, taken };
    }
    const retrying = await olderInFlight('r1', t0);
    await store.markRetry({ callId: leg('r1'), version: retrying.newer.version, nextAttemptAt: t0 + LEASE + 60_000, error: 'HTTP 503', now: t0 + LEASE + 1, claim: retrying.taken.token });
    const dead = await olderInFlight('d1', t0 + 10);
    await store.markDead({ callId: leg('d1'), version: dead.newer.version, error: 'REJECTED: no such field', now: t0 + LEASE + 20, claim: dead.taken.token });
    await store.appendCallEvents(finishedCall('d2'), t0 + 30);
    const { version: d2 } = await fold(store, 'd2', t0 + 30);
    await store.markDead({ callId: leg('d2'), version: d2, error: 'REJECTED: bad owner', now: t0 + LEASE + 30 });

    await store.markDelivered({ callId: leg('r1'), version: retrying.older.version, crmId: '00T1', now: t0 + LEASE + 40, claim: retrying.slow.token });
    await store.markDelivered({ callId: leg('d1'), version: dead.older.version, crmId: '00T2', now: t0 + LEASE + 40, claim: dead.slow.token });

    const [waiting] = await store.pendingOutbox(10);
    assert.deepEqual(
      { callId: waiting?.callId, version: waiting?.version, attempts: waiting?.attempts, lastError: waiting?.lastError },
      { callId: leg('r1'), version: retrying.newer.version, attempts: 1, lastError: 'HTTP 503' },
    );
    assert.deepEqual(
      (await store.deadLetters(10)).map((e) => [e.callId, e.lastError]),
      [[leg('d2'), 'REJECTED: bad owner'], [leg('d1'), 'REJECTED: no such field']],
      'newest dead letter first, as they died',
    );
  });

  it('does not requeue a delivered call when a fold changes nothing in its log', async () => {
    const store = await open();
    await store.appendCallEvents(finishedCall('c2'), t0);
    const { version } = await fold(store, 'c2', t0);
    await store.markDelivered({ callId: leg('c2'), version, crmId: '00T2', now: t0 });
    await store.appendCallEvents([{ eventId: 'dup-dialing', callId: 'c2', agentId: 'agent-1', occurredAt: new Date(t0 + 999_999).toISOString(), type: 'resumed' }], t0 + 5);
    await fold(store, 'c2', t0 + 5);
    assert.deepEqual((await claim(store, t0 + 10)).entries, []);
    assert.deepEqual(await store.callLogStatus(leg('c2')), { status: 'delivered', crmId: '00T2' });
  });

  it('holds a log until its due time, and a later fold due sooner sends it at once, even when its log reads the same', async () => {
    const store = await open();
    const HOLD = 120_000;
    await store.appendCallEvents(finishedCall('h1'), t0);
    await fold(store, 'h1', t0, t0 + HOLD);
    assert.deepEqual((await claim(store, t0 + HOLD - 1)).entries, [], 'held while the agent may still wrap up');
    assert.deepEqual(await store.callLogStatus(leg('h1')), { status: 'pending', crmId: null });
    // A skipped wrap-up: no disposition, no notes, the same log.
    const skipped = { eventId: 'skip-h1', callId: 'h1', agentId: 'agent-1', occurredAt: new Date(t0 + 60_000).toISOString(), type: 'wrapup', disposition: null, notes: null } as const;
    await store.appendCallEvents([skipped], t0 + 5000);
    const released = await fold(store, 'h1', t0 + 5000);
    const sending = await claim(store, t0 + 5000);
    assert.equal(sending.entries[0]?.version, released.version, 'the version the wrap-up brought is due at once');
    await store.markDelivered({ callId: leg('h1'), version: released.version, crmId: '00T9', now: t0 + 5001, claim: sending.token });

    await store.appendCallEvents(finishedCall('h2'), t0);
    await fold(store, 'h2', t0, t0 + HOLD);
    assert.deepEqual((await claim(store, t0 + HOLD)).entries.map((e) => e.callId), [leg('h2')], 'sent when the hold runs out without a wrap-up');
  });

  it('never delays a log that is due, nor hurries one backing off after a failure', async () => {
    const store = await open();
    const events = finishedCall('h3', { notes: 'later' });
    const wrapup = events.pop()!;
    await store.appendCallEvents(events, t0);
    await fold(store, 'h3', t0);
    await store.appendCallEvents([{ eventId: 'h3-late', callId: 'h3', agentId: 'agent-1', occurredAt: new Date(t0 + 50_000).toISOString(), type: 'transferred', target: 'sip:2002@pbx.test', mode: 'blind' }], t0 + 1);
    await fold(store, 'h3', t0 + 1, t0 + 120_000);
    const sending = await claim(store, t0 + 2);
    assert.equal(sending.entries[0]?.callId, leg('h3'), 'a later fold due later leaves it due');

    await store.markRetry({ callId: leg('h3'), version: sending.entries[0]!.version, nextAttemptAt: t0 + 60_000, error: 'HTTP 503', now: t0 + 3, claim: sending.token });
    await store.appendCallEvents([wrapup], t0 + 4);
    await fold(store, 'h3', t0 + 4);
    assert.deepEqual((await claim(store, t0 + 59_999)).entries, [], 'backing off: the correction waits for the retry');
    assert.equal((await claim(store, t0 + 60_000)).entries[0]?.log.notes, 'later');
  });

  it('never lets an older fold overwrite a newer one, such as one saved after its fold claim ran out', async () => {
    const store = await open();
    const events = finishedCall('c3', { notes: 'final' });
    await store.appendCallEvents(events.slice(0, 1), t0);
    const [old] = await store.claimCallsToFold({ now: t0, limit: 10, leaseMs: LEASE });
    const oldRecord = foldCallEvents(await store.callEvents(leg('c3')))!;
    await store.appendCallEvents(events.slice(1), t0 + 1);
    await fold(store, 'c3', t0 + LEASE);
    await store.saveFold({ callId: leg('c3'), version: old!.version, record: oldRecord, log: null, now: t0 + LEASE + 1 });
    const [saved] = await store.recordCalls({ objectType: 'Contact', id: 'CON-0001' }, 10);
    assert.equal(saved?.notes, 'final');
  });

  it('reports how long the oldest log has waited, across its retries', async () => {
    const store = await open();
    await store.appendCallEvents(finishedCall('c4'), t0);
    const { version } = await fold(store, 'c4', t0);
    await store.markRetry({ callId: leg('c4'), version, nextAttemptAt: t0 + 60_000, error: 'HTTP 503', now: t0 + 500_000 });
    assert.equal((await store.outboxCounts(t0 + 600_000)).oldestPendingAgeMs, 600_000);
  });

  it('keeps the same event id apart in different calls, and counts a resent event once', async () => {
    const store = await open();
    const a = finishedCall('call-a');
    const b = finishedCall('call-b').map((e, i) => ({ ...e, eventId: a[i]!.eventId }));
    await store.appendCallEvents(a, t0);
    assert.deepEqual(await store.appendCallEvents(b, t0), { inserted: b.length, duplicates: 0 });
    assert.equal((await store.callEvents(leg('call-b'))).length, b.length);
    assert.deepEqual(await store.appendCallEvents([...b.slice(0, 2), b[0]!], t0 + 1), { inserted: 0, duplicates: 3 });
    assert.equal((await store.callEvents(leg('call-b'))).length, b.length);
    const fresh = { eventId: 'held', callId: 'call-b', agentId: 'agent-1', occurredAt: new Date(t0 + 1).toISOString(), type: 'held' } as const;
    assert.deepEqual(await store.appendCallEvents([fresh, fresh], t0 + 2), { inserted: 1, duplicates: 1 }, 'twice in one batch');
    assert.equal((await store.callEvents(leg('call-b'))).length, b.length + 1);
  });

  it('tells when each version of a log was queued: not moved by retries, renewed by a correction and by a replay', async () => {
    const store = await open();
    const events = finishedCall('q1', { notes: 'first thoughts' });
    const wrapup = events.pop()!;
    await store.appendCallEvents(events, t0);
    await fold(store, 'q1', t0);
    const firstClaim = await claim(store, t0);
    const [first] = firstClaim.entries;
    assert.equal(first!.queuedAt, t0);
    await store.markRetry({ callId: leg('q1'), version: first!.version, nextAttemptAt: t0 + 5000, error: 'timeout', now: t0 + 1000, claim: firstClaim.token });
    const retry = await claim(store, t0 + 5000);
    assert.equal(retry.entries[0]!.queuedAt, t0, 'a retry is no new queueing');
    assert.equal(retry.entries[0]!.attempts, 1);
    await store.markRetry({ callId: leg('q1'), version: first!.version, nextAttemptAt: t0 + 10_000, error: 'timeout', now: t0 + 6000, claim: retry.token });
    // The wrap-up is saved 25 minutes later: its version is queued then.
    const later = t0 + 25 * 60_000;
    await store.appendCallEvents([wrapup], later);
    await fold(store, 'q1', later);
    const secondClaim = await claim(store, later);
    const [second] = secondClaim.entries;
    assert.ok(second!.version > first!.version);
    assert.equal(second!.queuedAt, later);
    await store.markDead({ callId: leg('q1'), version: second!.version, error: 'REJECTED: no', now: later + 1000, claim: secondClaim.token });
    assert.equal((await store.deadLetters(10))[0]!.queuedAt, later);
    assert.deepEqual(await store.callLogStatus(leg('q1')), { status: 'dead', crmId: null });
    assert.equal(await store.replayDeadLetter(leg('q1'), later + 60_000), true);
    assert.equal(await store.replayDeadLetter(leg('q1'), later + 60_000), false, 'no dead letter any more');
    assert.equal((await claim(store, later + 60_000)).entries[0]!.queuedAt, later + 60_000, 'a replay queues it again');
  });

  it('tells a widget where its call’s log stands: pending until folded and delivered, with the CRM’s id', async () => {
    const store = await open();
    assert.equal(await store.callLogStatus(leg('s1')), null, 'no event of it');
    await store.appendCallEvents(finishedCall('s1'), t0);
    assert.deepEqual(await store.callLogStatus(leg('s1')), { status: 'pending', crmId: null });
    const { version } = await fold(store, 's1', t0);
    await store.markDelivered({ callId: leg('s1'), version, crmId: '00T9', now: t0 + 1 });
    assert.deepEqual(await store.callLogStatus(leg('s1')), { status: 'delivered', crmId: '00T9' });
    await store.appendCallEvents([finishedCall('s1', { notes: 'later' }).at(-1)!], t0 + 2);
    assert.deepEqual(await store.callLogStatus(leg('s1')), { status: 'pending', crmId: null }, 'a wrap-up not folded yet');
  });
});

describeEachStore('outbox counts', (open) => {
  it('counts each status and the oldest pending entry’s age', async () => {
    const store = await open();
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) {
      await store.appendCallEvents(finishedCall(id), t0 + i * 1000);
      await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => t0 + i * 1000 });
    }
    for (const id of ['a', 'b', 'c']) await store.markDelivered({ callId: leg(id), version: 3, crmId: `T-${id}`, now: t0 + 10_000 });
    await store.markDead({ callId: leg('d'), version: 3, error: 'REJECTED: no', now: t0 + 10_000 });
    assert.deepEqual(await store.outboxCounts(t0 + 60_000), { pending: 2, delivered: 3, dead: 1, oldestPendingAgeMs: 60_000 - 4000 });
    await store.replayDeadLetter(leg('d'), t0 + 20_000);
    assert.deepEqual(await store.outboxCounts(t0 + 60_000), { pending: 3, delivered: 3, dead: 0, oldestPendingAgeMs: 60_000 - 4000 });
  });

  it('counts nothing in an empty outbox', async () => {
    const store = await open();
    assert.deepEqual(await store.outboxCounts(t0), { pending: 0, delivered: 0, dead: 0, oldestPendingAgeMs: 0 });
  });
});

describeEachStore('the outbox entries waiting for the CRM', (open) => {
  async function queue(store: Store, callId: string, now: number, options: { notes?: string } = {}): Promise<number> {
    await store.appendCallEvents(finishedCall(callId, options), now);
    await foldAll(store, now);
    const entry = (await store.pendingOutbox(100)).find((e) => e.callId === leg(callId));
    assert.ok(entry, `${callId} is queued`);
    return entry.version;
  }

  it('lists what has not been delivered, longest waiting first, with its retries and last error', async () => {
    const store = await open();
    const v1 = await queue(store, 'c1', t0);
    const v2 = await queue(store, 'c2', t0 + 1000);
    const v3 = await queue(store, 'delivered', t0 + 2000);
    const v4 = await queue(store, 'dead', t0 + 3000);
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
    const store = await open();
    const first = await queue(store, 'c1', t0);
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
