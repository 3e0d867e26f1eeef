import assert from 'node:assert/strict';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import { CallLimits, type TenantCallLimits } from '../../connector/src/services/call-limits.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { Agent, CallLimits as AgentLimits } from '../../connector/src/store/store.js';
import { finishedCall } from '../outbox/call-events.js';

const T0 = Date.parse('2026-11-23T12:00:00.000Z');
const TENANT: TenantCallLimits = { callsPerMinute: 3, callsPerDay: 5, concurrentCalls: 2 };
const NO_OWN: AgentLimits = { callsPerMinute: null, callsPerDay: null, concurrentCalls: null };

describe('call limits', () => {
  let store: SqliteStore;
  let limits: CallLimits;

  async function agent(own: Partial<AgentLimits> = {}): Promise<Agent> {
    await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: hashToken('k'), limits: { ...NO_OWN, ...own } });
    return (await store.agentById('maria'))!;
  }
  async function dials(times: number[]) {
    for (const at of times) await store.recordDial('maria', at);
  }
  async function openCalls(n: number) {
    for (let i = 0; i < n; i++) await store.appendCallEvents(finishedCall(`open-${i}`, { agentId: 'maria' }).slice(0, 1), T0);
  }

  beforeEach(() => {
    store = SqliteStore.open(':memory:');
    limits = new CallLimits({ store, tenant: TENANT });
  });
  afterEach(() => store.close());

  it('allows a call while the agent is under every limit', async () => {
    const maria = await agent();
    await dials([T0 - 1000, T0 - 2000]);
    await openCalls(1);
    assert.deepEqual(await limits.check(maria, T0), { allowed: true });
  });

  it('refuses the call after the most calls per minute, and allows it again once a minute has passed', async () => {
    const maria = await agent();
    await dials([T0 - 30_000, T0 - 20_000, T0 - 10_000]);
    assert.deepEqual(await limits.check(maria, T0), {
      allowed: false,
      code: 'CALLS_PER_MINUTE',
      reason: 'You placed 3 calls in the last minute, the most allowed; wait a moment and try again.',
    });
    assert.deepEqual(await limits.check(maria, T0 + 30_000), { allowed: true });
  });

  it('refuses the call after the most calls per 24 hours, even when the last minute was quiet', async () => {
    const maria = await agent();
    await dials([1, 2, 3, 4, 5].map((h) => T0 - h * 3_600_000));
    const verdict = await limits.check(maria, T0);
    assert.equal(verdict.allowed, false);
    assert.equal(!verdict.allowed && verdict.code, 'CALLS_PER_DAY');
    assert.match(!verdict.allowed ? verdict.reason : '', /^You placed 5 calls in the last 24 hours, the most allowed; you can call again as the oldest of them pass 24 hours/);
  });

  it('refuses a call while the most calls are in progress at once', async () => {
    const maria = await agent();
    await openCalls(2);
    assert.deepEqual(await limits.check(maria, T0), {
      allowed: false,
      code: 'CONCURRENT_CALLS',
      reason: 'You have 2 calls in progress, the most allowed at once; end one before placing another.',
    });
  });

  it('tells the day limit first when several are reached, as it lasts longest', async () => {
    const maria = await agent({ callsPerDay: 3 });
    await dials([T0 - 3000, T0 - 2000, T0 - 1000]);
    await openCalls(2);
    const verdict = await limits.check(maria, T0);
    assert.equal(!verdict.allowed && verdict.code, 'CALLS_PER_DAY');
  });

  it("applies the agent's own limits over the tenant's, and the tenant's where the agent has none", async () => {
    const maria = await agent({ callsPerMinute: 1, concurrentCalls: 5 });
    assert.deepEqual(limits.limitsOf(maria), { callsPerMinute: 1, callsPerDay: 5, concurrentCalls: 5 });
    await dials([T0 - 1000]);
    const verdict = await limits.check(maria, T0);
    assert.equal(!verdict.allowed && verdict.reason, 'You placed 1 call in the last minute, the most allowed; wait a moment and try again.');
  });

  it('lets an agent with a higher own limit past the tenant default', async () => {
    const maria = await agent({ concurrentCalls: 3 });
    await openCalls(2);
    assert.deepEqual(await limits.check(maria, T0), { allowed: true });
  });

  it('only reads: checking does not count as a dial', async () => {
    const maria = await agent();
    for (let i = 0; i < 10; i++) await limits.check(maria, T0);
    assert.deepEqual(await store.dialCounts('maria', T0), { lastMinute: 0, lastDay: 0, inProgress: 0 });
  });
});
