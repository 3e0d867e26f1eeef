import assert from 'node:assert/strict';
import request from 'supertest';
import type { AuditEntry } from '../../connector/src/store/store.js';
import { buildTestApp, closeTestApps, JSON_TYPE, signIn } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const T0 = Date.parse('2026-11-23T12:00:00.000Z');

const entry = (i: number): AuditEntry => ({
  at: T0 + i * 1000,
  actor: 'admin-token',
  action: 'agent.update',
  target: `agent-${i}`,
  outcome: 'ok',
  details: { changed: ['team'] },
});

describe('admin API: audit log', () => {
  afterEach(closeTestApps);

  async function appWith(count: number) {
    const built = buildTestApp({ adminToken: ADMIN });
    for (let i = 0; i < count; i++) await built.store.appendAudit(entry(i));
    const get = (query = '') => request(built.app).get(`/api/v1/admin/audit${query}`).set('Authorization', `Bearer ${ADMIN}`);
    return { ...built, get };
  }

  it('answers the newest 100 entries first', async () => {
    const { get } = await appWith(120);
    const res = await get();
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.equal(res.body.entries.length, 100);
    assert.deepEqual({ ...res.body.entries[0], id: 0 }, { ...entry(119), id: 0 });
    assert.deepEqual({ ...res.body.entries[99], id: 0 }, { ...entry(20), id: 0 });
  });

  it('answers at most `limit` entries and pages back with `before`, to the first entry', async () => {
    const { get } = await appWith(5);
    const first = await get('?limit=2');
    assert.deepEqual(first.body.entries.map((e: AuditEntry) => e.target), ['agent-4', 'agent-3']);
    const next = await get(`?limit=2&before=${first.body.entries[1].id}`);
    assert.deepEqual(next.body.entries.map((e: AuditEntry) => e.target), ['agent-2', 'agent-1']);
    const last = await get(`?limit=500&before=${next.body.entries[1].id}`);
    assert.deepEqual(last.body.entries.map((e: AuditEntry) => e.target), ['agent-0']);
  });

  it('records what admins change and what the policy refused, as they happen', async () => {
    const { app, store, sessions, get } = await appWith(0);
    await request(app).post('/api/v1/admin/agents').set('Authorization', `Bearer ${ADMIN}`).send({ id: 'maria', name: 'Maria' }).expect(201);
    const token = await signIn({ store, sessions }, 'maria');
    const dial = await request(app).post('/api/v1/resolve').set('Authorization', `Bearer ${token}`).send({ number: '+61 2 9374 4000', purpose: 'dial' });
    assert.equal(dial.body.policy.code, 'DO_NOT_CALL');
    const res = await get();
    assert.deepEqual(
      res.body.entries.map((e: AuditEntry) => [e.actor, e.action, e.target, e.outcome, e.details]),
      [
        ['agent:maria', 'call.refused', '+61293744000', 'refused', { code: 'DO_NOT_CALL' }],
        ['admin-token', 'agent.create', 'maria', 'ok', { name: 'Maria', crmUserId: null, role: 'agent', team: null, callerId: null, allowedCountries: null, limits: { callsPerMinute: null, callsPerDay: null, concurrentCalls: null }, disabled: false, sip: null }],
      ],
    );
  });

  const invalid: [string, string, RegExp][] = [
    ['a limit of 0', '?limit=0', /^query\.limit must be a whole number from 1 to 500$/],
    ['a limit over 500', '?limit=501', /^query\.limit must be a whole number from 1 to 500$/],
    ['a limit that is no number', '?limit=ten', /^query\.limit must be a whole number from 1 to 500$/],
    ['a limit given twice', '?limit=1&limit=2', /^query\.limit must be given once/],
    ['a before that is no entry id', '?before=yesterday', /^query\.before must be the id of an entry/],
    ['an unknown parameter', '?actor=admin-token', /does not know \(actor\); use limit and before/],
  ];
  for (const [what, query, message] of invalid) {
    it(`answers 400 for ${what}`, async () => {
      const { get } = await appWith(1);
      const res = await get(query);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.match(res.body.error.message, message);
    });
  }

  it('is for admins only: 401 without a token, 403 for an agent, 405 for other methods', async () => {
    const { app, store, sessions, get } = await appWith(1);
    await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: 'h' });
    assert.equal((await request(app).get('/api/v1/admin/audit')).status, 401);
    const agent = await request(app).get('/api/v1/admin/audit').set('Authorization', `Bearer ${await signIn({ store, sessions }, 'maria')}`);
    assert.equal(agent.status, 403);
    assert.equal(agent.body.error.code, 'ADMIN_ONLY');
    assert.equal((await get()).status, 200);
    const post = await request(app).post('/api/v1/admin/audit').set('Authorization', `Bearer ${ADMIN}`).send({});
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });
});
