import assert from 'node:assert/strict';
import request from 'supertest';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import type { TenantCallLimits } from '../../connector/src/services/call-limits.js';
import type { NewAgent } from '../../connector/src/store/store.js';
import { finishedCall } from '../outbox/call-events.js';
import { buildTestApp, CALL_POLICY, closeTestApps, signIn, type TestApp, type TestAppOptions } from './test-app.js';

const US = '+1 415 555 2671';
const GB = '+44 20 7946 0958';
const FR = '+33 1 42 68 53 00';
/** Chloe Martin's number: Do Not Call in the demo CRM. */
const DNC = '+61 2 9374 4000';
const LIMITS: TenantCallLimits = { callsPerMinute: 3, callsPerDay: 100, concurrentCalls: 2 };

describe('POST /api/v1/resolve with purpose "dial": call limits and the agent’s own policy', () => {
  let testApp: TestApp;
  afterEach(closeTestApps);

  async function setUp(options: TestAppOptions = {}, ...agents: Partial<NewAgent>[]) {
    testApp = buildTestApp({ callLimits: LIMITS, ...options });
    for (const agent of agents.length ? agents : [{}]) {
      const id = agent.id ?? 'maria';
      await testApp.store.createAgent({ id, name: id, crmUserId: null, disabled: false, tokenHash: hashToken(`key-${id}`), ...agent });
    }
  }
  async function resolveAs(agentId: string, body: Record<string, unknown>) {
    const token = await signIn(testApp, agentId);
    return request(testApp.app).post('/api/v1/resolve').set('Authorization', `Bearer ${token}`).send(body);
  }
  const dial = (number: string, agentId = 'maria') => resolveAs(agentId, { number, purpose: 'dial' });
  const refusals = async () => (await testApp.store.auditLog({ limit: 100 })).filter((e) => e.action === 'call.refused');

  describe('call limits', () => {
    it('counts each dial it allows, a resolve that does not say its purpose as a dial, and not a number only looked at', async () => {
      await setUp();
      assert.deepEqual((await dial(US)).body.policy, { allowed: true });
      assert.equal((await resolveAs('maria', { number: US })).status, 200);
      assert.equal((await resolveAs('maria', { number: US, purpose: 'display' })).status, 200);
      assert.equal((await testApp.store.dialCounts('maria', Date.now())).lastMinute, 2);
    });

    it('refuses the dial after the most calls per minute, says why, audits it, and does not count it', async () => {
      await setUp();
      for (let i = 0; i < 3; i++) assert.equal((await dial(US)).body.policy.allowed, true);
      const res = await dial(US);
      assert.equal(res.status, 200);
      assert.equal(res.body.e164, '+14155552671', 'the number is still resolved');
      assert.deepEqual(res.body.policy, {
        allowed: false,
        code: 'CALLS_PER_MINUTE',
        reason: 'You placed 3 calls in the last minute, the most allowed; wait a moment and try again.',
      });
      assert.equal((await testApp.store.dialCounts('maria', Date.now())).lastMinute, 3);
      const [refusal] = await refusals();
      assert.deepEqual({ ...refusal, id: 0, at: 0 }, { id: 0, at: 0, actor: 'agent:maria', action: 'call.refused', target: '+14155552671', outcome: 'refused', details: { code: 'CALLS_PER_MINUTE' } });
    });

    it("applies the agent's own day limit over the tenant's", async () => {
      await setUp({}, { id: 'maria', limits: { callsPerMinute: null, callsPerDay: 1, concurrentCalls: null } });
      assert.equal((await dial(US)).body.policy.allowed, true);
      assert.equal((await dial(US)).body.policy.code, 'CALLS_PER_DAY');
    });

    it('refuses a dial while the most calls are in progress', async () => {
      await setUp();
      await testApp.store.appendCallEvents([...finishedCall('a', { agentId: 'maria' }).slice(0, 1), ...finishedCall('b', { agentId: 'maria' }).slice(0, 1)], Date.now());
      const res = await dial(US);
      assert.equal(res.body.policy.code, 'CONCURRENT_CALLS');
      assert.equal(res.body.policy.reason, 'You have 2 calls in progress, the most allowed at once; end one before placing another.');
    });

    it("counts each agent on its own: one agent's dials do not use up another's", async () => {
      await setUp({}, { id: 'maria' }, { id: 'omar' });
      for (let i = 0; i < 3; i++) await dial(US, 'maria');
      assert.equal((await dial(US, 'maria')).body.policy.allowed, false);
      assert.equal((await dial(US, 'omar')).body.policy.allowed, true);
    });

    it('audits a refused internal extension under its SIP URI', async () => {
      await setUp({}, { id: 'maria', limits: { callsPerMinute: 1, callsPerDay: null, concurrentCalls: null } });
      await dial('204');
      const res = await dial('204');
      assert.equal(res.body.policy.code, 'CALLS_PER_MINUTE');
      assert.equal((await refusals())[0]?.target, 'sip:204@pbx.example.test');
    });
  });

  describe('policy refusals', () => {
    it('audits a Do-Not-Call refusal when the agent dials, and not when it only looks, and counts neither', async () => {
      await setUp();
      assert.equal((await resolveAs('maria', { number: DNC, purpose: 'display' })).body.policy.code, 'DO_NOT_CALL');
      assert.deepEqual(await refusals(), []);
      assert.equal((await dial(DNC)).body.policy.code, 'DO_NOT_CALL');
      const [refusal] = await refusals();
      assert.equal(refusal?.target, '+61293744000');
      assert.deepEqual(refusal?.details, { code: 'DO_NOT_CALL' });
      assert.equal((await testApp.store.dialCounts('maria', Date.now())).lastDay, 0);
    });

    it('audits a premium-rate refusal on dial', async () => {
      await setUp();
      assert.equal((await dial('+44 909 879 0000')).body.policy.code, 'PREMIUM_RATE');
      assert.deepEqual((await refusals()).map((e) => e.details), [{ code: 'PREMIUM_RATE' }]);
    });
  });

  describe("the agent's allowed countries", () => {
    it('narrow the tenant policy, saying it is the agent profile that refuses', async () => {
      await setUp({}, { id: 'maria', allowedCountries: ['US'] });
      assert.deepEqual((await dial(US)).body.policy, { allowed: true });
      for (const purpose of ['display', 'dial']) {
        const res = await resolveAs('maria', { number: GB, purpose });
        assert.deepEqual(res.body.policy, {
          allowed: false,
          code: 'COUNTRY_NOT_ALLOWED',
          reason: 'Your agent profile does not allow calls to United Kingdom (+44); ask an admin if you need to call there.',
        });
      }
      assert.deepEqual((await refusals()).map((e) => e.details), [{ code: 'COUNTRY_NOT_ALLOWED' }]);
    });

    it("never widen it: a country the tenant refuses stays refused with the team's reason", async () => {
      await setUp({ callPolicy: { ...CALL_POLICY, allowedCountries: ['US', 'GB'] } }, { id: 'maria', allowedCountries: ['GB', 'FR'] });
      assert.match((await dial(FR)).body.policy.reason, /not allowed by your team's call policy/);
      assert.match((await dial(US)).body.policy.reason, /^Your agent profile does not allow calls to United States/);
      assert.deepEqual((await dial(GB)).body.policy, { allowed: true });
    });

    it('leave other agents on the tenant policy', async () => {
      await setUp({}, { id: 'maria', allowedCountries: ['US'] }, { id: 'omar' });
      assert.deepEqual((await dial(GB, 'omar')).body.policy, { allowed: true });
    });

    it("judge a record's numbers for the signed-in agent", async () => {
      await setUp({}, { id: 'maria', allowedCountries: ['US'] }, { id: 'omar' });
      const numbersOf = async (agentId: string) => {
        const token = await signIn(testApp, agentId);
        const res = await request(testApp.app).get('/api/v1/records/Contact/CON-0002/numbers').set('Authorization', `Bearer ${token}`);
        return res.body.numbers.map((n: { dialable: boolean; policy: { code?: string } | null }) => [n.dialable, n.policy?.code ?? null]);
      };
      assert.deepEqual(await numbersOf('maria'), [
        [false, 'COUNTRY_NOT_ALLOWED'],
        [false, 'COUNTRY_NOT_ALLOWED'],
      ]);
      assert.deepEqual(await numbersOf('omar'), [
        [true, null],
        [true, null],
      ]);
    });
  });

  it('answers 400 for a purpose it does not know, naming the choices', async () => {
    await setUp();
    const res = await resolveAs('maria', { number: US, purpose: 'call' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.message, 'body.purpose must be "dial" (the agent is placing the call) or "display"');
    assert.equal((await testApp.store.dialCounts('maria', Date.now())).lastDay, 0);
  });
});
