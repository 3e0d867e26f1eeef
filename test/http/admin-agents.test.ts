import assert from 'node:assert/strict';
import request from 'supertest';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import { buildTestApp, closeTestApps, JSON_TYPE, signIn, type TestApp } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const STRONG_PASSWORD = 'vq7-Lamp-Orbit-29-Quill';

type App = TestApp['app'];

const as = (app: App, bearer: string) => ({
  get: (path: string) => request(app).get(`/api/v1/admin${path}`).set('Authorization', `Bearer ${bearer}`),
  post: (path: string, body?: unknown) => {
    const req = request(app).post(`/api/v1/admin${path}`).set('Authorization', `Bearer ${bearer}`);
    return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  },
  patch: (path: string, body: unknown) =>
    request(app).patch(`/api/v1/admin${path}`).set('Authorization', `Bearer ${bearer}`).set('Content-Type', 'application/json').send(JSON.stringify(body)),
  delete: (path: string) => request(app).delete(`/api/v1/admin${path}`).set('Authorization', `Bearer ${bearer}`),
});
const admin = (app: App) => as(app, ADMIN);

const settingsOf = (app: App, token: string) => request(app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${token}`);
const signInWithKey = (app: App, key: string) => request(app).post('/api/v1/auth/local').set('Content-Type', 'application/json').send(JSON.stringify({ key }));

const DEFAULT_PROFILE = {
  crmUserId: null,
  disabled: false,
  role: 'agent',
  team: null,
  callerId: null,
  allowedCountries: null,
  limits: { callsPerMinute: null, callsPerDay: null, concurrentCalls: null },
  sip: null,
  presence: { registered: false, lastSeenAt: null, widgets: [] },
};

describe('admin API: agent accounts', () => {
  let testApp: TestApp;
  let app: App;
  beforeEach(() => {
    testApp = buildTestApp({ adminToken: ADMIN });
    app = testApp.app;
  });
  afterEach(closeTestApps);

  async function create(body: Record<string, unknown>) {
    const res = await admin(app).post('/agents', body);
    assert.equal(res.status, 201, res.text);
    return res.body as { agent: Record<string, unknown>; signInKey: string };
  }

  describe('creating an agent', () => {
    it('answers the agent with its whole profile and a sign-in key shown once, never stored', async () => {
      const res = await admin(app).post('/agents', {
        id: 'maria',
        name: 'Maria Gonzalez',
        crmUserId: '005xx0000012345',
        role: 'admin',
        team: 'Sales – Berlin',
        callerId: '+4930901820',
        allowedCountries: ['DE', 'AT', 'CH'],
        limits: { callsPerMinute: 5, callsPerDay: 200, concurrentCalls: 1 },
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.deepEqual(res.body.agent, {
        id: 'maria',
        name: 'Maria Gonzalez',
        crmUserId: '005xx0000012345AAA',
        disabled: false,
        role: 'admin',
        team: 'Sales – Berlin',
        callerId: '+4930901820',
        allowedCountries: ['DE', 'AT', 'CH'],
        limits: { callsPerMinute: 5, callsPerDay: 200, concurrentCalls: 1 },
        sip: null,
        presence: { registered: false, lastSeenAt: null, widgets: [] },
      });
      const key = res.body.signInKey as string;
      assert.match(key, /^[A-Za-z0-9_-]{43}$/);
      assert.equal((await testApp.store.agentByTokenHash(hashToken(key)))?.id, 'maria');
      const [entry] = await testApp.store.auditLog({ limit: 1 });
      assert.deepEqual({ ...entry, id: 0, at: 0 }, { id: 0,
        at: 0,
        actor: 'admin-token',
        action: 'agent.create',
        target: 'maria',
        outcome: 'ok',
        details: {
          name: 'Maria Gonzalez',
          crmUserId: '005xx0000012345AAA',
          role: 'admin',
          team: 'Sales – Berlin',
          callerId: '+4930901820',
          allowedCountries: ['DE', 'AT', 'CH'],
          limits: { callsPerMinute: 5, callsPerDay: 200, concurrentCalls: 1 },
          disabled: false,
          sip: null,
        },
      });
      assert.ok(!JSON.stringify(testApp.logs).includes(key), 'the key is never logged');
      assert.ok(!JSON.stringify(await testApp.store.auditLog({ limit: 10 })).includes(key), 'nor audited');
    });

    it('gives the fields left out their defaults: an agent, no team, the tenant policy and limits, enabled', async () => {
      const { agent } = await create({ id: 'omar', name: 'Omar' });
      assert.deepEqual(agent, { id: 'omar', name: 'Omar', ...DEFAULT_PROFILE });
    });

    it('hands out a key the agent signs in with, and a different key for each agent', async () => {
      const maria = await create({ id: 'maria', name: 'Maria' });
      const omar = await create({ id: 'omar', name: 'Omar' });
      assert.notEqual(maria.signInKey, omar.signInKey);
      const session = await signInWithKey(app, maria.signInKey);
      assert.equal(session.status, 200);
      assert.deepEqual(session.body.agent, { id: 'maria', name: 'Maria', role: 'agent' });
    });

    it('creates the agent with its SIP account, showing the account without its password', async () => {
      const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria', sip: { username: '1001', password: STRONG_PASSWORD } });
      assert.equal(res.status, 201);
      assert.equal(res.body.agent.sip.username, '1001');
      assert.equal(res.body.agent.sip.kind, 'password');
      assert.ok(!res.text.includes(STRONG_PASSWORD));
      assert.ok(!JSON.stringify(await testApp.store.auditLog({ limit: 10 })).includes(STRONG_PASSWORD));
    });

    it('creates nothing when the SIP password is weak, and says why', async () => {
      const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria', sip: { username: '1001', password: 'password1' } });
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, 'WEAK_SIP_PASSWORD');
      assert.equal(await testApp.store.agentById('maria'), null);
      assert.deepEqual(await testApp.store.auditLog({ limit: 10 }), []);
    });

    it('answers 409 AGENT_EXISTS for a taken id and CRM_USER_TAKEN for a taken CRM user, keeping the first agent', async () => {
      await create({ id: 'maria', name: 'Maria', crmUserId: 'U-1' });
      const sameId = await admin(app).post('/agents', { id: 'maria', name: 'Someone else' });
      assert.equal(sameId.status, 409);
      assert.deepEqual(sameId.body, { error: { code: 'AGENT_EXISTS', message: 'An agent with id maria exists already.' } });
      const sameUser = await admin(app).post('/agents', { id: 'omar', name: 'Omar', crmUserId: 'U-1' });
      assert.equal(sameUser.status, 409);
      assert.equal(sameUser.body.error.code, 'CRM_USER_TAKEN');
      assert.match(sameUser.body.error.message, /^Another agent has CRM user id U-1/);
      assert.equal((await testApp.store.agentById('maria'))?.name, 'Maria');
      assert.equal(await testApp.store.agentById('omar'), null);
    });

    const invalid: [string, Record<string, unknown>, string, RegExp][] = [
      ['an id with a space', { id: 'maria lopez' }, 'body.id', /must be 1 to 64 letters, digits/],
      ['an empty name', { name: '' }, 'body.name', /must not be empty/],
      ['a name with a line break', { name: 'Maria\nLopez' }, 'body.name', /control characters/],
      ['a CRM user id with a slash', { crmUserId: '005/1' }, 'body.crmUserId', /CRM user id/],
      ['an unknown role', { role: 'root' }, 'body.role', /must be "agent" or "admin"/],
      ['a team of spaces', { team: '   ' }, 'body.team', /printable text/],
      ['a team name of 65 characters', { team: 'x'.repeat(65) }, 'body.team', /at most 64/],
      ['a caller id without +', { callerId: '4155552671' }, 'body.callerId', /E\.164/],
      ['a caller id that is no real number', { callerId: '+1415555' }, 'body.callerId', /valid phone number/],
      ['a lower-case country', { allowedCountries: ['us'] }, 'body.allowedCountries.0', /upper-case ISO 3166-1/],
      ['UK, which is not an ISO code', { allowedCountries: ['GB', 'UK'] }, 'body.allowedCountries.1', /ISO 3166-1/],
      ['a country listed twice', { allowedCountries: ['US', 'US'] }, 'body.allowedCountries', /twice/],
      ['an empty country list', { allowedCountries: [] }, 'body.allowedCountries', /at least one country/],
      ['a limit of 0', { limits: { callsPerMinute: 0 } }, 'body.limits.callsPerMinute', /from 1 to 10000/],
      ['a day limit over a million', { limits: { callsPerDay: 1_000_001 } }, 'body.limits.callsPerDay', /from 1 to 1000000/],
      ['a fractional limit', { limits: { concurrentCalls: 1.5 } }, 'body.limits.concurrentCalls', /whole number/],
      ['an unknown limit', { limits: { callsPerHour: 5 } }, 'body.limits', /does not know \(callsPerHour\)/],
      ['an unknown field', { token: 'x', colour: 'red' }, 'body', /does not know \(token, colour\)/],
      ['disabled as a string', { disabled: 'yes' }, 'body.disabled', /true or false/],
    ];
    for (const [what, fields, field, message] of invalid) {
      it(`answers 400 naming ${field} for ${what}, and creates nothing`, async () => {
        const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria', ...fields });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.equal(res.body.error.issues[0].field, field);
        assert.match(res.body.error.issues[0].message, message);
        assert.equal(await testApp.store.agentById('maria'), null);
      });
    }
  });

  describe('reading agents', () => {
    it('lists every agent by id, with its SIP account and without its session epoch', async () => {
      await create({ id: 'zoe', name: 'Zoe', sip: { username: '1002', password: STRONG_PASSWORD } });
      await create({ id: 'adam', name: 'Adam', team: 'Support' });
      await testApp.store.bumpSessionEpoch('adam');
      const res = await admin(app).get('/agents');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.agents.map((a: { id: string }) => a.id), ['adam', 'zoe']);
      assert.deepEqual(res.body.agents[0], { ...DEFAULT_PROFILE, id: 'adam', name: 'Adam', team: 'Support' });
      assert.equal(res.body.agents[1].sip.aor, 'sip:1002@pbx.demo.test');
      assert.ok(!res.text.includes('sessionEpoch'));
      assert.ok(!res.text.includes(STRONG_PASSWORD));
    });

    it('answers one agent, or 404 AGENT_NOT_FOUND', async () => {
      await create({ id: 'maria', name: 'Maria' });
      const res = await admin(app).get('/agents/maria');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { agent: { id: 'maria', name: 'Maria', ...DEFAULT_PROFILE } });
      const missing = await admin(app).get('/agents/ghost');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { error: { code: 'AGENT_NOT_FOUND', message: 'There is no agent with id ghost.' } });
    });
  });

  describe('changing an agent', () => {
    it('changes only the fields given, merging limits, and audits the changed fields with their new values', async () => {
      await create({ id: 'maria', name: 'Maria', team: 'A', limits: { callsPerMinute: 5, callsPerDay: 100 } });
      const res = await admin(app).patch('/agents/maria', { name: 'Maria Lopez', team: 'A', limits: { callsPerDay: null, concurrentCalls: 2 }, allowedCountries: ['US'] });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.agent, {
        ...DEFAULT_PROFILE,
        id: 'maria',
        name: 'Maria Lopez',
        team: 'A',
        allowedCountries: ['US'],
        limits: { callsPerMinute: 5, callsPerDay: null, concurrentCalls: 2 },
      });
      const [entry] = await testApp.store.auditLog({ limit: 1 });
      assert.equal(entry?.action, 'agent.update');
      assert.equal(entry?.actor, 'admin-token');
      assert.equal(entry?.target, 'maria');
      assert.equal(entry?.outcome, 'ok');
      assert.deepEqual(entry?.details, {
        changed: ['name', 'allowedCountries', 'limits'],
        values: { name: 'Maria Lopez', allowedCountries: ['US'], limits: { callsPerMinute: 5, callsPerDay: null, concurrentCalls: 2 } },
      });
    });

    it('clears a field set to null', async () => {
      await create({ id: 'maria', name: 'Maria', team: 'A', callerId: '+14155552671', crmUserId: 'U-1' });
      const res = await admin(app).patch('/agents/maria', { team: null, callerId: null, crmUserId: null });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.agent, { id: 'maria', name: 'Maria', ...DEFAULT_PROFILE });
    });

    it('audits nothing when the patch changes nothing', async () => {
      await create({ id: 'maria', name: 'Maria' });
      await admin(app).patch('/agents/maria', { name: 'Maria' }).expect(200);
      assert.deepEqual((await testApp.store.auditLog({ limit: 10 })).map((e) => e.action), ['agent.create']);
    });

    it('answers 400 for an empty patch or an unknown field, 404 for an unknown agent, 409 for a taken CRM user', async () => {
      await create({ id: 'maria', name: 'Maria', crmUserId: 'U-1' });
      await create({ id: 'omar', name: 'Omar' });
      const empty = await admin(app).patch('/agents/maria', {});
      assert.equal(empty.status, 400);
      assert.match(empty.body.error.message, /must change at least one of name, crmUserId/);
      const unknown = await admin(app).patch('/agents/maria', { id: 'mary' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /does not know \(id\)/);
      assert.equal((await admin(app).patch('/agents/ghost', { name: 'x' })).status, 404);
      const taken = await admin(app).patch('/agents/omar', { crmUserId: 'U-1' });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error.code, 'CRM_USER_TAKEN');
    });

    it('disabling an agent refuses its session at once, and enabling it again does not revive that session', async () => {
      await create({ id: 'maria', name: 'Maria' });
      const token = await signIn(testApp, 'maria');
      await settingsOf(app, token).expect(200);
      await admin(app).patch('/agents/maria', { disabled: true }).expect(200);
      assert.equal((await settingsOf(app, token)).body.error.code, 'AGENT_DISABLED');
      await admin(app).patch('/agents/maria', { disabled: false }).expect(200);
      const after = await settingsOf(app, token);
      assert.equal(after.status, 401);
      assert.equal(after.body.error.code, 'SESSION_EXPIRED');
    });

    it('making an agent an admin ends its sessions, so it signs in again with its new rights', async () => {
      await create({ id: 'maria', name: 'Maria' });
      const token = await signIn(testApp, 'maria');
      await admin(app).patch('/agents/maria', { role: 'admin' }).expect(200);
      assert.equal((await settingsOf(app, token)).status, 401);
      await as(app, await signIn(testApp, 'maria')).get('/agents').expect(200);
    });
  });

  describe('deleting an agent', () => {
    it('deletes the agent and its SIP account, ends its sessions, and audits it', async () => {
      await create({ id: 'maria', name: 'Maria', sip: { username: '1001', password: STRONG_PASSWORD } });
      const token = await signIn(testApp, 'maria');
      const res = await admin(app).delete('/agents/maria');
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      assert.equal((await admin(app).get('/agents/maria')).status, 404);
      assert.equal(await testApp.store.agentSip('maria'), null);
      assert.equal((await settingsOf(app, token)).status, 401);
      assert.equal((await testApp.store.auditLog({ limit: 1 }))[0]?.action, 'agent.delete');
      assert.equal((await admin(app).delete('/agents/maria')).status, 404);
    });

    it('stores a 15-character Salesforce user id in its 18-character form, so the other form cannot name a second agent', async () => {
      const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria', crmUserId: '005xx000001SwiU' });
      assert.equal(res.status, 201);
      assert.equal(res.body.agent.crmUserId, '005xx000001SwiUAAS');
      const twin = await admin(app).post('/agents', { id: 'maria2', name: 'Maria Twin', crmUserId: '005xx000001SwiUAAS' });
      assert.equal(twin.status, 409);
      assert.equal(twin.body.error.code, 'CRM_USER_TAKEN');
    });

    it('refuses to give a deleted agent’s id to a new agent, saying why', async () => {
      await create({ id: 'maria', name: 'Maria' });
      await admin(app).delete('/agents/maria').expect(204);
      const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria Again' });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'AGENT_EXISTS');
      assert.match(res.body.error.message, /A deleted agent had the id maria, and ids are never given again/);
    });
  });

  describe('sign-in keys and sessions', () => {
    it('a new sign-in key replaces the old one and ends the sessions signed in with it', async () => {
      const { signInKey: oldKey } = await create({ id: 'maria', name: 'Maria' });
      const token = await signIn(testApp, 'maria');
      const res = await admin(app).post('/agents/maria/sign-in-key');
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const newKey = res.body.signInKey as string;
      assert.match(newKey, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(Object.keys(res.body), ['signInKey']);
      assert.equal((await signInWithKey(app, oldKey)).status, 401);
      assert.equal((await signInWithKey(app, newKey)).status, 200);
      assert.equal((await settingsOf(app, token)).body.error.code, 'SESSION_EXPIRED');
      const entry = (await testApp.store.auditLog({ limit: 10 })).find((e) => e.action === 'agent.sign-in-key.reset');
      assert.deepEqual({ ...entry, id: 0, at: 0 }, { id: 0, at: 0, actor: 'admin-token', action: 'agent.sign-in-key.reset', target: 'maria', outcome: 'ok', details: {} });
      assert.ok(!JSON.stringify(testApp.logs).includes(newKey));
    });

    it("signing an agent out ends every one of its sessions, and no other agent's", async () => {
      await create({ id: 'maria', name: 'Maria' });
      await create({ id: 'omar', name: 'Omar' });
      const first = await signIn(testApp, 'maria');
      const second = await signIn(testApp, 'maria');
      const omars = await signIn(testApp, 'omar');
      const res = await admin(app).post('/agents/maria/sign-out');
      assert.equal(res.status, 204);
      assert.equal((await settingsOf(app, first)).status, 401);
      assert.equal((await settingsOf(app, second)).status, 401);
      assert.equal((await settingsOf(app, omars)).status, 200);
      assert.equal((await testApp.store.auditLog({ limit: 1 }))[0]?.action, 'agent.sign-out');
      await settingsOf(app, await signIn(testApp, 'maria')).expect(200);
    });

    it('answers 404 for the key or sessions of an agent that does not exist', async () => {
      assert.equal((await admin(app).post('/agents/ghost/sign-in-key')).status, 404);
      assert.equal((await admin(app).post('/agents/ghost/sign-out')).status, 404);
    });
  });

  describe('who may manage agents', () => {
    it('refuses without a token (401) and with an agent’s session (403 ADMIN_ONLY)', async () => {
      await create({ id: 'maria', name: 'Maria' });
      const none = await request(app).get('/api/v1/admin/agents');
      assert.equal(none.status, 401);
      const agent = await as(app, await signIn(testApp, 'maria')).post('/agents', { id: 'eve', name: 'Eve', role: 'admin' });
      assert.equal(agent.status, 403);
      assert.equal(agent.body.error.code, 'ADMIN_ONLY');
      assert.equal(await testApp.store.agentById('eve'), null);
    });

    it('lets an admin agent manage agents, and audits it under its own name', async () => {
      await create({ id: 'boss', name: 'Boss', role: 'admin' });
      const boss = as(app, await signIn(testApp, 'boss'));
      await boss.post('/agents', { id: 'maria', name: 'Maria' }).expect(201);
      await boss.patch('/agents/maria', { team: 'Night shift' }).expect(200);
      await boss.post('/agents/maria/sign-out').expect(204);
      await boss.delete('/agents/maria').expect(204);
      const entries = await testApp.store.auditLog({ limit: 10 });
      assert.deepEqual(
        entries.map((e) => [e.actor, e.action, e.target]),
        [
          ['agent:boss', 'agent.delete', 'maria'],
          ['agent:boss', 'agent.sign-out', 'maria'],
          ['agent:boss', 'agent.update', 'maria'],
          ['agent:boss', 'agent.create', 'maria'],
          ['admin-token', 'agent.create', 'boss'],
        ],
      );
    });

    it('answers 405 with Allow for methods a route does not take', async () => {
      const put = await request(app).put('/api/v1/admin/agents/maria').set('Authorization', `Bearer ${ADMIN}`);
      assert.equal(put.status, 405);
      assert.equal(put.headers.allow, 'GET, PATCH, DELETE');
      const del = await request(app).delete('/api/v1/admin/agents').set('Authorization', `Bearer ${ADMIN}`);
      assert.equal(del.status, 405);
      assert.equal(del.headers.allow, 'GET, POST');
      const get = await admin(app).get('/agents/maria/sign-in-key');
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST');
    });
  });
});
