import assert from 'node:assert/strict';
import { callLegKey } from '../../../connector/src/domain/call-leg-key.js';
import { callLogFromRecord } from '../../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import type { Store } from '../../../connector/src/store/store.js';
import { finishedCall } from '../../outbox/call-events.js';
import { describeEachStore } from './store-kinds.js';

const T = Date.parse('2026-11-23T12:00:00.000Z');
const LEASE = 30_000;
const leg = (sipCallId: string) => callLegKey('agent-1', sipCallId);

const claim = (store: Store, now: number, limit = 10, leaseMs = LEASE) => store.claimCallsToFold({ now, limit, leaseMs });

/** Folds the call's events as they are now and saves the fold as `version`, as the fold worker does. */
async function save(store: Store, callId: string, version: number, now: number): Promise<void> {
  const record = foldCallEvents(await store.callEvents(callId))!;
  await store.saveFold({ callId, version, record, log: callLogFromRecord(record, null), now });
}

/** A wrap-up for a call already reported: one more event, so one more version to fold. */
const wrapup = (sipCallId: string, notes: string) => finishedCall(sipCallId, { notes }).at(-1)!;

describeEachStore('fold claims', (open, _kind, openPair) => {
  it('hands calls with new events to one claim, oldest first, and a call held to no other claim until it is saved or skipped', async () => {
    const store = await open();
    await store.appendCallEvents(finishedCall('first'), T);
    await store.appendCallEvents(finishedCall('second'), T + 1);
    await store.appendCallEvents(finishedCall('third'), T + 2);

    assert.deepEqual(await claim(store, T + 10, 2), [
      { callId: leg('first'), version: 3 },
      { callId: leg('second'), version: 3 },
    ]);
    assert.deepEqual(await claim(store, T + 10), [{ callId: leg('third'), version: 3 }], 'only the call not held');
    assert.deepEqual(await claim(store, T + 10), []);

    await save(store, leg('first'), 3, T + 11);
    await store.skipFold(leg('second'), 3);
    await store.appendCallEvents([wrapup('first', 'called back')], T + 12);
    assert.deepEqual(await claim(store, T + 13), [{ callId: leg('first'), version: 4 }], 'a folded call again once it has a new event');
    assert.deepEqual(await claim(store, T + 13), [], 'the skipped version is never handed out again');
  });

  it('hands a call that got events while held out again, at its new version, once its fold is saved or skipped', async () => {
    const store = await open();
    await store.appendCallEvents(finishedCall('c'), T);
    const [held] = await claim(store, T);
    assert.deepEqual(held, { callId: leg('c'), version: 3 });
    const record = foldCallEvents(await store.callEvents(leg('c')))!;
    await store.appendCallEvents([wrapup('c', 'first thoughts')], T + 1);
    assert.deepEqual(await claim(store, T + 2), [], 'held while its fold is under way');

    await store.saveFold({ callId: leg('c'), version: 3, record, log: callLogFromRecord(record, null), now: T + 3 });
    assert.deepEqual(await claim(store, T + 4), [{ callId: leg('c'), version: 4 }]);
    await store.appendCallEvents([wrapup('c', 'second thoughts')], T + 5);
    assert.deepEqual(await claim(store, T + 6), []);
    await store.skipFold(leg('c'), 4);
    assert.deepEqual(await claim(store, T + 7), [{ callId: leg('c'), version: 5 }]);

    await save(store, leg('c'), 5, T + 8);
    const [queued] = (await store.claimDueOutbox({ now: T + 9, limit: 10, leaseMs: LEASE })).entries;
    assert.equal(queued?.log.notes, 'second thoughts', 'the log holds every event');
  });

  it('hands a held call over once the lease runs out, as when the folding instance died, not before', async () => {
    const store = await open();
    await store.appendCallEvents(finishedCall('c'), T);
    assert.deepEqual(await claim(store, T, 10, 1000), [{ callId: leg('c'), version: 3 }]);
    assert.deepEqual(await claim(store, T + 999), []);
    assert.deepEqual(await claim(store, T + 1000, 10, 1000), [{ callId: leg('c'), version: 3 }], 'taken over');

    await save(store, leg('c'), 3, T + 1001);
    assert.deepEqual(await claim(store, T + 1002), []);
    // The first folder was only slow: its late save of the same version queues nothing more.
    await save(store, leg('c'), 3, T + 1003);
    assert.deepEqual(await claim(store, T + 1004), []);
    assert.equal((await store.outboxCounts(T + 1004)).pending, 1);
    assert.equal((await store.claimDueOutbox({ now: T + 1004, limit: 10, leaseMs: LEASE })).entries.length, 1);
  });

  it('never hands one call to two of many concurrent claims from two instances', async () => {
    const [a, b] = await openPair();
    for (let round = 0; round < 3; round += 1) {
      const calls = Array.from({ length: 300 }, (_, i) => `r${round}-c${String(i).padStart(3, '0')}`);
      await a.appendCallEvents(calls.flatMap((id) => finishedCall(id)), T + round);
      // Together they ask for more than there is, so the last calls are contended for.
      const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(i % 2 === 0 ? a : b, T + 10 + round, 40)));
      const handed = claims.flat().map((c) => c.callId);
      assert.deepEqual(handed.filter((id, i) => handed.indexOf(id) !== i), [], `round ${round}: calls handed to two claims`);
      for (const c of claims) assert.ok(c.length <= 40);
      const rest = await claim(b, T + 10 + round, 300);
      assert.deepEqual([...handed, ...rest.map((c) => c.callId)].sort(), calls.map(leg).sort(), `round ${round}: every call handed out once`);
      for (const c of [...claims.flat(), ...rest]) await a.skipFold(c.callId, c.version);
    }
  });
});
