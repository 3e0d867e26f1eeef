import assert from 'node:assert/strict';
import { callLegKey } from '../../../connector/src/domain/call-leg-key.js';
import { foldPendingCalls } from '../../../connector/src/outbox/call-folder.js';
import type { OutboxClaim, Store } from '../../../connector/src/store/store.js';
import { finishedCall } from '../../outbox/call-events.js';
import { describeEachStore } from './store-kinds.js';

const T = Date.parse('2026-11-23T12:00:00.000Z');
const LEASE = 30_000;
const leg = (sipCallId: string) => callLegKey('agent-1', sipCallId);
const ids = (claim: OutboxClaim) => claim.entries.map((e) => e.callId);

/** Ends the calls and queues their logs, due at `now`. */
async function queue(store: Store, sipCallIds: readonly string[], now: number): Promise<void> {
  await store.appendCallEvents(sipCallIds.flatMap((id) => finishedCall(id)), now);
  await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => now });
}

/** Adds a wrap-up to a call and queues the newer version of its log, as a correction after the call would. */
async function correct(store: Store, sipCallId: string, now: number): Promise<void> {
  const wrapup = finishedCall(sipCallId, { notes: `corrected at ${now}` }).at(-1)!;
  await store.appendCallEvents([wrapup], now);
  await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => now });
}

const claim = (store: Store, now: number, limit = 10, leaseMs = LEASE) => store.claimDueOutbox({ now, limit, leaseMs });

describeEachStore('outbox claims', (open) => {
  it('hands due logs to one claim, oldest due first, and a second claim gets only the others', async () => {
    const store = await open();
    await queue(store, ['first'], T);
    await queue(store, ['second'], T + 1);
    await queue(store, ['third'], T + 2);
    await queue(store, ['not-yet'], T + 60_000);

    const a = await claim(store, T + 10, 2);
    assert.deepEqual(ids(a), [leg('first'), leg('second')]);
    assert.equal(a.until, T + 10 + LEASE);
    const b = await claim(store, T + 10, 10);
    assert.deepEqual(ids(b), [leg('third')], 'neither held nor not-yet-due logs');
    assert.notEqual(a.token, b.token);
    assert.deepEqual(ids(await claim(store, T + 10)), []);
    assert.equal((await store.outboxCounts(T + 10)).pending, 4, 'a claim changes no status');
  });

  it('lets the next version of a settled call be claimed at once, and keeps a version queued while claimed back until then', async () => {
    const store = await open();
    await queue(store, ['c'], T);
    const a = await claim(store, T);
    const [v1] = a.entries;
    await correct(store, 'c', T + 1);
    assert.deepEqual(ids(await claim(store, T + 2)), [], 'the correction waits for the send in flight');

    await store.markDelivered({ callId: leg('c'), version: v1!.version, crmId: 'T-1', now: T + 3, claim: a.token });
    const b = await claim(store, T + 3);
    assert.deepEqual(ids(b), [leg('c')]);
    assert.ok(b.entries[0]!.version > v1!.version, 'the correction, not the version just delivered');
    assert.match(b.entries[0]!.log.notes ?? '', /corrected/);
  });

  it('releases a retried call to the next claim once its retry is due', async () => {
    const store = await open();
    await queue(store, ['c'], T);
    const a = await claim(store, T);
    await store.markRetry({ callId: leg('c'), version: a.entries[0]!.version, nextAttemptAt: T + 5000, error: 'unavailable', now: T, claim: a.token });
    assert.deepEqual(ids(await claim(store, T + 4999)), []);
    const b = await claim(store, T + 5000);
    assert.deepEqual(b.entries.map((e) => [e.callId, e.attempts, e.lastError]), [[leg('c'), 1, 'unavailable']]);
  });

  it('hands a version queued while claimed out once the claim’s lease runs out, if it is never settled', async () => {
    const store = await open();
    await queue(store, ['c'], T);
    const a = await claim(store, T, 10, 1000);
    await correct(store, 'c', T + 10);
    assert.deepEqual(ids(await claim(store, a.until - 1)), []);
    const b = await claim(store, a.until);
    assert.deepEqual(ids(b), [leg('c')]);
    assert.ok(b.entries[0]!.version > a.entries[0]!.version);
  });

  it('lets another claim take over an expired lease; the old claim’s late settle records its fact but leaves the new hold', async () => {
    const store = await open();
    await queue(store, ['c'], T);
    const a = await claim(store, T, 10, 1000);
    const version = a.entries[0]!.version;
    const b = await claim(store, a.until, 10, 1000);
    assert.deepEqual(ids(b), [leg('c')], 'the expired lease is taken over');

    await store.markDelivered({ callId: leg('c'), version, crmId: 'T-late', now: a.until + 1, claim: a.token });
    assert.deepEqual(await store.callLogStatus(leg('c')), { status: 'delivered', crmId: 'T-late' }, 'the CRM did store it');
    await correct(store, 'c', a.until + 2);
    assert.deepEqual(ids(await claim(store, a.until + 3)), [], 'the second claim still holds the call');
    assert.equal(await store.renewOutboxClaim({ token: a.token, until: b.until + 60_000 }), 0, 'the first claim holds nothing');

    await store.markDelivered({ callId: leg('c'), version, crmId: 'T-late', now: a.until + 4, claim: b.token });
    const c = await claim(store, a.until + 4);
    assert.deepEqual(ids(c), [leg('c')]);
    assert.ok(c.entries[0]!.version > version);
  });

  it('renews only what the claim still holds', async () => {
    const store = await open();
    await queue(store, ['kept', 'settled'], T);
    await queue(store, ['lost'], T + 1);
    const a = await claim(store, T, 2, 1000);
    assert.deepEqual(ids(a), [leg('kept'), leg('settled')]);
    const lost = await claim(store, T + 1, 10, 1000);
    assert.deepEqual(ids(lost), [leg('lost')]);
    await store.markDelivered({ callId: leg('settled'), version: a.entries[1]!.version, crmId: 'T-2', now: T + 2, claim: a.token });

    assert.equal(await store.renewOutboxClaim({ token: a.token, until: T + 10_000 }), 1);
    assert.deepEqual(ids(await claim(store, T + 5000)), [leg('lost')], 'the renewed call stays held; the other lease ran out');
    assert.equal(await store.renewOutboxClaim({ token: lost.token, until: T + 20_000 }), 0, 'taken over: not extended');
    assert.deepEqual(ids(await claim(store, T + 10_000)), [leg('kept')], 'held until the renewed time, no longer');
  });

  it('never hands one call to two of several concurrent claims', async () => {
    const store = await open();
    const calls = Array.from({ length: 200 }, (_, i) => `c-${String(i).padStart(3, '0')}`);
    await queue(store, calls, T);

    const claims = await Promise.all(Array.from({ length: 8 }, () => claim(store, T + 1, 30)));
    const handed = claims.flatMap(ids);
    const twice = handed.filter((id, i) => handed.indexOf(id) !== i);
    assert.deepEqual(twice, [], 'calls handed to two claims');
    for (const c of claims) assert.ok(c.entries.length <= 30);
    assert.equal(new Set(claims.map((c) => c.token)).size, 8);

    const rest = await claim(store, T + 1, 200);
    assert.deepEqual([...handed, ...ids(rest)].sort(), calls.map(leg).sort(), 'every due call is handed out once');
  });
});
