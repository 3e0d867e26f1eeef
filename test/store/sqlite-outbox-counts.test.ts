import assert from 'node:assert/strict';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { finishedCall } from '../outbox/call-events.js';
import { compiledDuring, queryPlan } from './query-plans.js';

const t0 = Date.parse('2026-11-23T12:00:00.000Z');
const leg = (callId: string) => callLegKey('agent-1', callId);

/** How SQLite answers the outbox counts; what they count is in the shared store suite (contract/outbox.test.ts). */
describe('SQLite outbox counts', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = SqliteStore.open(':memory:');
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) {
      await store.appendCallEvents(finishedCall(id), t0 + i * 1000);
      await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => t0 + i * 1000 });
    }
    for (const id of ['a', 'b', 'c']) await store.markDelivered({ callId: leg(id), version: 3, crmId: `T-${id}`, now: t0 + 10_000 });
    await store.markDead({ callId: leg('d'), version: 3, error: 'REJECTED: no', now: t0 + 10_000 });
  });
  afterEach(() => store.close());

  it('reads every count from an index, never scanning the outbox table (its logs are large)', async () => {
    const compiled = await compiledDuring(() => store.outboxCounts(t0));
    const reads = compiled.filter(({ sql }) => /FROM outbox/.test(sql));
    assert.equal(reads.length, 1, 'one statement, so the counts agree with each other');
    const plan = queryPlan(reads[0]!);
    const steps = plan.split('\n').filter((step) => / outbox\b/.test(step));
    assert.equal(steps.length, 4, plan);
    for (const step of steps) assert.match(step, /^(SCAN|SEARCH) outbox USING COVERING INDEX outbox_(due|delivered|dead|waiting)\b/, plan);
    assert.deepEqual(
      steps.map((step) => /INDEX (\w+)/.exec(step)![1]).sort(),
      ['outbox_dead', 'outbox_delivered', 'outbox_due', 'outbox_waiting'],
      `pending, delivered, dead and the oldest pending each from their own small index:\n${plan}`,
    );
    assert.match(plan, /SEARCH outbox USING COVERING INDEX outbox_waiting/, 'the oldest pending is the first entry of its index');
    console.log(`      plan of outboxCounts:\n${plan.replace(/^/gm, '        ')}`);
  });

  it('lists dead letters newest first from their own index', async () => {
    const compiled = await compiledDuring(() => store.deadLetters(10));
    const plan = queryPlan(compiled.find(({ sql }) => /FROM outbox/.test(sql))!);
    assert.match(plan, /^SCAN outbox USING INDEX outbox_dead$/, plan);
  });
});
