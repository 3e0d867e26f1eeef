import assert from 'node:assert/strict';
import type { CallEvent } from '../../../connector/src/domain/call-event.js';
import { callLegKey } from '../../../connector/src/domain/call-leg-key.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { offsetSegments } from '../../../connector/src/domain/usage-time-zone.js';
import { foldPendingCalls } from '../../../connector/src/outbox/call-folder.js';
import { finishedCall } from '../../outbox/call-events.js';
import type { Store, UsageFilter } from '../../../connector/src/store/store.js';
import { naiveUsage } from '../naive-usage.js';
import { callEvents, type CallPlan } from '../usage-calls.js';
import { describeEachStore } from './store-kinds.js';

const DAY = 86_400_000;
const BASE = Date.parse('2026-07-01T10:20:00.000Z');
const AGENTS = ['a1', 'a2', 'a3'] as const;
const CALLS = 48;

/**
 * Calls of three agents over some 80 minutes across an hour boundary, so concurrent folds share rollup rows. Some end
 * only in the later batch, some get a wrap-up and a correction then, and some get their first event (dialing or
 * ringing) only then, which moves their start (and so their rollup hour) earlier.
 */
function scenario(): { calls: Map<string, CallEvent[]>; first: CallEvent[]; later: CallEvent[] } {
  const calls = new Map<string, CallEvent[]>();
  const first: CallEvent[] = [];
  const later: CallEvent[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const plan: CallPlan = {
      agentId: AGENTS[i % AGENTS.length]!,
      callId: `call-${i}`,
      startMs: BASE + i * 97_000,
      direction: i % 2 === 0 ? 'outbound' : 'inbound',
      answerAfterMs: i % 3 === 0 ? null : 65_000,
      endAfterMs: 40_000 + i * 1000,
      cause: 'no-answer',
      wrapUpsAfterEndMs: i % 4 === 0 ? [30_000, 600_000] : [],
    };
    const events = callEvents(plan);
    calls.set(callLegKey(plan.agentId, plan.callId), events);
    const endIndex = events.findIndex((e) => e.type === 'ended');
    // Late ones end after a first fold; the others get their last wrap-up (the correction) after it.
    const split = i % 7 === 0 ? endIndex : events.at(-1)!.type === 'wrapup' ? events.length - 1 : events.length;
    const held = i % 5 === 0 && split > 1 ? 1 : 0;
    first.push(...events.slice(held, split));
    later.push(...events.slice(0, held), ...events.slice(split));
  }
  return { calls, first, later };
}

/** Several fold workers at once on each store, as instances sharing the database run them. */
async function foldConcurrently(stores: readonly Store[], now: number): Promise<void> {
  await Promise.all(stores.flatMap((store) => [1, 2].map(() => foldPendingCalls({ store, ownerCrmId: async () => null, now: () => now }))));
}

const byLeg = (events: readonly CallEvent[]) => {
  const legs = new Map<string, CallEvent[]>();
  for (const e of events) {
    const leg = callLegKey(e.agentId, e.callId);
    legs.set(leg, [...(legs.get(leg) ?? []), e]);
  }
  return [...legs.values()].map((legEvents) => foldCallEvents(legEvents)!);
};

describeEachStore('two instances appending and folding the same calls at once', (_open, _kind, openPair) => {
  it('store each event once when both receive the same large batches in opposite orders, neither deadlocking', async () => {
    const [a, b] = await openPair();
    for (let round = 0; round < 5; round += 1) {
      // Large enough that the two transactions overlap: each then meets rows the other inserted, and waits for it.
      const events = Array.from({ length: 400 }, (_, i) => finishedCall(`r${round}-c${i}`)).flat();
      const results = await Promise.all([a.appendCallEvents(events, BASE), b.appendCallEvents([...events].reverse(), BASE)]);
      assert.equal(results[0].inserted + results[1].inserted, events.length);
      assert.equal(results[0].duplicates + results[1].duplicates, events.length);
    }
    const [oneCall] = await b.claimCallsToFold({ now: BASE, limit: 1, leaseMs: 60_000 });
    assert.equal((await a.callEvents(oneCall!.callId)).length, 3, 'dialing, answered, ended');
    assert.equal(oneCall!.version, 3, 'each inserted event bumped its call once');
  });

  it('keeps usage equal to a naive count of the records, and the outbox holding each call once at its last version', async () => {
    const [a, b] = await openPair();
    const { calls, first, later } = scenario();
    const filter: UsageFilter = { from: Date.parse('2026-07-01T00:00:00.000Z'), to: Date.parse('2026-07-01T00:00:00.000Z') + DAY, agentIds: null, team: null };
    const segments = offsetSegments(filter.from, filter.to, 'UTC');
    const teamOf = new Map<string, string | null>(AGENTS.map((id) => [id, null]));
    const expected = (events: readonly CallEvent[]) => naiveUsage(byLeg(events), teamOf, [], filter, 'UTC');

    // Both instances receive the whole first batch (a widget retrying through another instance), in opposite orders.
    const appended = await Promise.all([a.appendCallEvents(first, BASE), b.appendCallEvents([...first].reverse(), BASE)]);
    assert.equal(appended[0].inserted + appended[1].inserted, first.length, 'each event stored once');
    await foldConcurrently([a, b], BASE);
    assert.deepEqual(await a.usage(filter, segments), expected(first), 'after the first folds');

    const half = Math.ceil(later.length / 2);
    await Promise.all([a.appendCallEvents(later.slice(0, half), BASE + 1), b.appendCallEvents(later.slice(half).reverse(), BASE + 1)]);
    await foldConcurrently([b, a], BASE + 1);
    const all = [...first, ...later];
    assert.deepEqual(await a.usage(filter, segments), expected(all), 'after the refolds, read by one instance');
    assert.deepEqual(await b.usage(filter, segments), expected(all), 'and by the other');

    // Two senders claim at once: each call goes to one of them, at the version holding all its events.
    const claims = await Promise.all([a, b].map((store) => store.claimDueOutbox({ now: BASE + 2, limit: 1000, leaseMs: 60_000 })));
    const claimed = claims.flatMap((claim) => claim.entries);
    assert.deepEqual(claimed.map((entry) => entry.callId).sort(), [...calls.keys()].sort());
    for (const entry of claimed) {
      const events = calls.get(entry.callId)!;
      assert.equal(entry.version, events.length, `${entry.callId} at its last version`);
      const notes = events.filter((e) => e.type === 'wrapup').at(-1);
      assert.equal(entry.log.notes ?? null, notes?.type === 'wrapup' ? notes.notes : null, `${entry.callId} with its last wrap-up`);
    }
    assert.deepEqual(await a.outboxCounts(BASE + 2), { pending: CALLS, delivered: 0, dead: 0, oldestPendingAgeMs: 2 });
  });
});
