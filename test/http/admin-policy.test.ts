import assert from 'node:assert/strict';
import request from 'supertest';
import type { CallPolicy } from '../../connector/src/domain/call-policy.js';
import type { TenantCallLimits } from '../../connector/src/services/call-limits.js';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE, type TestApp } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const CONFIGURED_POLICY: CallPolicy = { allowedCountries: ['US', 'GB'], blockPremiumRate: true, blockSharedCost: false };
const CONFIGURED_LIMITS: TenantCallLimits = { callsPerMinute: 10, callsPerDay: 1000, concurrentCalls: 3 };
const DEFAULTS = { allowedCountries: ['US', 'GB'], blockPremiumRate: true, blockSharedCost: false, limits: { callsPerMinute: 10, callsPerDay: 1000, concurrentCalls: 3 } };
const ADMIN_POLICY = { allowedCountries: ['FR', 'DE'], blockPremiumRate: false, blockSharedCost: true, limits: { callsPerMinute: 2, callsPerDay: 500, concurrentCalls: 5 } };

const US = '+1 415 555 2671';
const FR = '+33 1 42 68 53 00';

describe('admin API: tenant call policy', () => {
  let testApp: TestApp;
  const send = (method: 'get' | 'put' | 'delete', body?: unknown) => {
    const req = request(testApp.app)[method]('/api/v1/admin/policy').set('Authorization', `Bearer ${ADMIN}`);
    return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  };

  beforeEach(() => {
    testApp = buildTestApp({ adminToken: ADMIN, callPolicy: CONFIGURED_POLICY, callLimits: CONFIGURED_LIMITS });
  });
  afterEach(closeTestApps);

  it("shows the configuration's policy while no admin set one", async () => {
    const res = await send('get');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, { policy: DEFAULTS, source: 'config', updatedAt: null, defaults: DEFAULTS });
  });

  it('stores a whole policy, answers it as the one in effect, and audits the change with before and after', async () => {
    const before = Date.now();
    const res = await send('put', { ...ADMIN_POLICY, allowedCountries: ['fr', 'de'] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual({ ...res.body, updatedAt: null }, { policy: ADMIN_POLICY, source: 'admin', updatedAt: null, defaults: DEFAULTS });
    const updatedAt = Date.parse(res.body.updatedAt);
    assert.ok(updatedAt >= before && updatedAt <= Date.now(), res.body.updatedAt);
    assert.deepEqual((await send('get')).body, res.body);
    const [entry] = await testApp.store.auditLog({ limit: 1 });
    assert.deepEqual({ ...entry, id: 0, at: 0 }, {
      id: 0,
      at: 0,
      actor: 'admin-token',
      action: 'policy.update',
      target: null,
      outcome: 'ok',
      details: { before: DEFAULTS, after: ADMIN_POLICY },
    });
  });

  it("goes back to the configuration's policy on DELETE, and audits the reset", async () => {
    await send('put', ADMIN_POLICY);
    const boss = await asAgent(testApp, 'boss', { role: 'admin' });
    const res = await boss.delete('/api/v1/admin/policy');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { policy: DEFAULTS, source: 'config', updatedAt: null, defaults: DEFAULTS });
    const [entry] = await testApp.store.auditLog({ limit: 1 });
    assert.equal(entry?.action, 'policy.reset');
    assert.equal(entry?.actor, 'agent:boss');
    assert.deepEqual(entry?.details, { before: ADMIN_POLICY, source: 'admin' });
  });

  it('changes what resolve answers an agent at once, and an agent’s own countries still narrow it', async () => {
    const maria = await asAgent(testApp, 'maria');
    const narrow = await asAgent(testApp, 'narrow', { allowedCountries: ['DE'] });
    const verdict = async (agent: typeof maria, number: string) => (await agent.post('/api/v1/resolve').send({ number, purpose: 'display' })).body.policy;
    assert.equal((await verdict(maria, US)).allowed, true);
    assert.equal((await verdict(maria, FR)).code, 'COUNTRY_NOT_ALLOWED');

    await send('put', ADMIN_POLICY);
    assert.equal((await verdict(maria, US)).code, 'COUNTRY_NOT_ALLOWED');
    assert.deepEqual(await verdict(maria, FR), { allowed: true });
    assert.equal((await verdict(narrow, FR)).code, 'COUNTRY_NOT_ALLOWED', 'the agent allows only DE');

    await send('delete');
    assert.equal((await verdict(maria, US)).allowed, true);
  });

  it('applies its call limits to the next dial, under an agent’s own limits', async () => {
    const maria = await asAgent(testApp, 'maria');
    const own = await asAgent(testApp, 'own', { limits: { callsPerMinute: 3, callsPerDay: null, concurrentCalls: null } });
    const dial = async (agent: typeof maria) => (await agent.post('/api/v1/resolve').send({ number: US, purpose: 'dial' })).body.policy;
    await send('put', { ...ADMIN_POLICY, allowedCountries: null });
    assert.equal((await dial(maria)).allowed, true);
    assert.equal((await dial(maria)).allowed, true);
    assert.equal((await dial(maria)).code, 'CALLS_PER_MINUTE', 'the admin policy allows 2 a minute');
    for (let i = 0; i < 3; i++) assert.equal((await dial(own)).allowed, true, 'its own limit of 3 overrides the tenant’s 2');
    assert.equal((await dial(own)).code, 'CALLS_PER_MINUTE');

    await send('delete');
    assert.equal((await dial(maria)).allowed, true, 'back to the configured 10 a minute');
  });

  describe('refuses a policy it cannot apply, with 400 VALIDATION_FAILED, and keeps the one in effect', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown country', { ...ADMIN_POLICY, allowedCountries: ['XX'] }, 'body.allowedCountries.0 must be an upper-case ISO 3166-1 alpha-2 code the phone-number library knows, such as US or GB'],
      ['an empty country list', { ...ADMIN_POLICY, allowedCountries: [] }, 'body.allowedCountries must list at least one country; send null to allow every country'],
      ['a country twice', { ...ADMIN_POLICY, allowedCountries: ['FR', 'fr'] }, 'body.allowedCountries must not list a country twice'],
      ['a limit of 0', { ...ADMIN_POLICY, limits: { ...ADMIN_POLICY.limits, callsPerDay: 0 } }, 'body.limits.callsPerDay must be a whole number from 1 to 1000000'],
      ['a fractional limit', { ...ADMIN_POLICY, limits: { ...ADMIN_POLICY.limits, concurrentCalls: 1.5 } }, 'body.limits.concurrentCalls must be a whole number from 1 to 1000000'],
      ['a missing field', { allowedCountries: null, blockPremiumRate: true, limits: ADMIN_POLICY.limits }, 'body.blockSharedCost must be true or false'],
      ['a missing limit', { ...ADMIN_POLICY, limits: { callsPerMinute: 1, callsPerDay: 1 } }, 'body.limits.concurrentCalls must be a whole number from 1 to 1000000'],
      ['an unknown field', { ...ADMIN_POLICY, blockEverything: true }, 'The request body has fields the API does not know (blockEverything); send exactly allowedCountries, blockPremiumRate, blockSharedCost, limits'],
    ];
    for (const [what, body, message] of cases) {
      it(`refuses ${what}`, async () => {
        const res = await send('put', body);
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.equal(res.body.error.message, message);
        assert.equal((await send('get')).body.source, 'config');
        assert.deepEqual(await testApp.store.auditLog({ limit: 1 }), []);
      });
    }
  });

  it('answers 405 with Allow for another method', async () => {
    const res = await request(testApp.app).post('/api/v1/admin/policy').set('Authorization', `Bearer ${ADMIN}`).send({});
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, PUT, DELETE');
  });
});
