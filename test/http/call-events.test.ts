import assert from 'node:assert/strict';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { buildTestApp, closeTestApps, JSON_TYPE, signIn } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const now = () => new Date().toISOString();
let n = 0;
const eventId = () => `e-${++n}-${Date.now()}`;

function dialing(callId: string, extra: Record<string, unknown> = {}) {
  return { eventId: eventId(), callId, occurredAt: now(), type: 'dialing', direction: 'outbound', from: 'sip:maria@pbx.demo.test', to: '+14155552671', record: { objectType: 'Contact', id: 'CON-0001' }, ...extra };
}

/** An app with agents `maria` and `omar` signed in, and `gone`, disabled by an admin after it signed in. */
async function withAgents() {
  const built = buildTestApp({ adminToken: ADMIN });
  await built.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: '005A', disabled: false, tokenHash: newSignInKey().hash });
  await built.store.createAgent({ id: 'omar', name: 'Omar', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
  await built.store.createAgent({ id: 'gone', name: 'Gone', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
  const sessions = { maria: await signIn(built, 'maria'), omar: await signIn(built, 'omar'), gone: await signIn(built, 'gone') };
  await built.store.updateAgent('gone', { disabled: true });
  return { ...built, sessions };
}

const post = (app: Parameters<typeof request>[0], token: string | null, body: unknown) => {
  const req = request(app).post('/api/v1/calls/events').set('Content-Type', 'application/json');
  if (token) req.set('Authorization', `Bearer ${token}`);
  return req.send(JSON.stringify(body));
};

describe('call events API', () => {
  afterEach(closeTestApps);

  it('stores the events durably and answers 202 with how many were new', async () => {
    const { app, store, sessions } = await withAgents();
    const events = [dialing('call-1'), { eventId: eventId(), callId: 'call-1', occurredAt: now(), type: 'answered' }];
    const res = await post(app, sessions.maria, { events });
    assert.equal(res.status, 202);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, { accepted: 2, duplicates: 0 });
    const stored = await store.callEvents('maria:call-1');
    assert.deepEqual(stored.map((e) => [e.type, e.agentId]).sort(), [['answered', 'maria'], ['dialing', 'maria']]);
  });

  it('keeps whether the widget showed the agent a wrap-up for the call, false when an older widget does not say', async () => {
    const { app, store, sessions } = await withAgents();
    const ended = (callId: string, extra: Record<string, unknown>) => ({ eventId: eventId(), callId, occurredAt: now(), type: 'ended', cause: 'hangup', ...extra });
    await post(app, sessions.maria, { events: [ended('shown', { wrapUp: true }), ended('old-widget', {})] }).expect(202);
    const wrapUp = async (callId: string) => (await store.callEvents(`maria:${callId}`)).map((e) => (e.type === 'ended' ? e.wrapUp : 'not ended'));
    assert.deepEqual(await wrapUp('shown'), [true]);
    assert.deepEqual(await wrapUp('old-widget'), [false]);
  });

  it('takes the same event twice as one, so a widget may resend after a timeout', async () => {
    const { app, store, sessions } = await withAgents();
    const event = dialing('call-2');
    await post(app, sessions.maria, { events: [event] }).expect(202);
    const again = await post(app, sessions.maria, { events: [event, event] });
    assert.deepEqual(again.body, { accepted: 0, duplicates: 2 });
    assert.equal((await store.callEvents('maria:call-2')).length, 1);
  });

  it('refuses a NUL character in any text, naming the field, and stores nothing of the request (PostgreSQL cannot store it)', async () => {
    const { app, store, sessions } = await withAgents();
    const wrapup = { eventId: eventId(), callId: 'call-nul', occurredAt: now(), type: 'wrapup', disposition: 'Sale', notes: 'call back\u0000later' };
    const res = await post(app, sessions.maria, { events: [dialing('call-nul'), wrapup] });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.equal(res.body.error.message, 'body.events.1.notes must not contain the NUL character (U+0000)');
    assert.deepEqual(await store.callEvents('maria:call-nul'), []);
    const named = await request(app)
      .post('/api/v1/admin/agents')
      .set('Authorization', `Bearer ${ADMIN}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ id: 'nul', name: 'Ma\u0000ria' }));
    assert.equal(named.status, 400);
    assert.equal(named.body.error.message, 'body.name must not contain the NUL character (U+0000)');
  });

  it('answers a body nested 40,000 levels deep with a 400 at once, whether or not a NUL hides at the bottom', async () => {
    const { app, sessions } = await withAgents();
    for (const bottom of ['"x"', '"x\\u0000"']) {
      const started = Date.now();
      const res = await request(app)
        .post('/api/v1/calls/events')
        .set('Authorization', `Bearer ${sessions.maria}`)
        .set('Content-Type', 'application/json')
        .send(`{"events":${'['.repeat(40_000)}${bottom}${']'.repeat(40_000)}}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
    }
  });

  it('refuses events without a valid session token', async () => {
    const { app, sessions } = await withAgents();
    const none = await post(app, null, { events: [dialing('x')] });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHENTICATED');
    assert.match(String(none.headers['www-authenticate']), /^Bearer realm="connector"$/);
    const wrong = await post(app, 'not-a-real-token-xxxxxxxx', { events: [dialing('x')] });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.message, 'The session token is not valid; sign in again.');
    const disabled = await post(app, sessions.gone, { events: [dialing('x')] });
    assert.equal(disabled.status, 403);
    assert.equal(disabled.body.error.code, 'AGENT_DISABLED');
  });

  it('takes the agent from the token, never from the body', async () => {
    const { app, sessions } = await withAgents();
    const res = await post(app, sessions.maria, { events: [dialing('x', { agentId: 'omar' })] });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /agentId/);
  });

  it("keeps each agent's leg of a shared Call-ID apart, as when two agents call each other through the proxy", async () => {
    const { app, store, sessions } = await withAgents();
    await post(app, sessions.maria, { events: [dialing('shared-call-id')] }).expect(202);
    const omar = await post(app, sessions.omar, { events: [dialing('shared-call-id', { direction: 'inbound', from: 'sip:maria@pbx.demo.test', to: 'sip:omar@pbx.demo.test' })] });
    assert.equal(omar.status, 202);
    assert.deepEqual((await store.callEvents('maria:shared-call-id')).map((e) => e.agentId), ['maria']);
    assert.deepEqual((await store.callEvents('omar:shared-call-id')).map((e) => [e.agentId, (e as { direction?: string }).direction]), [['omar', 'inbound']]);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['no events list', {}, /^body\.events must be a list of call events$/],
    ['an empty list', { events: [] }, /^body\.events must hold at least one event$/],
    ['an unknown type', { events: [{ eventId: 'e', callId: 'c', occurredAt: now(), type: 'exploded' }] }, /^body\.events\.0\.type must have a type: dialing/],
    ['a time that is not ISO 8601', { events: [{ eventId: 'e', callId: 'c', occurredAt: 'yesterday', type: 'answered' }] }, /^body\.events\.0\.occurredAt must be an ISO 8601 time/],
    ['a time a week ahead', { events: [{ eventId: 'e', callId: 'c', occurredAt: new Date(Date.now() + 7 * 864e5).toISOString(), type: 'answered' }] }, /more than a day away from the connector's clock/],
    ['a Call-ID with spaces', { events: [{ eventId: 'e', callId: 'a b', occurredAt: now(), type: 'answered' }] }, /^body\.events\.0\.callId must be the SIP Call-ID/],
    ['a widget claiming a heartbeat timeout', { events: [{ eventId: 'e', callId: 'c', occurredAt: now(), type: 'ended', cause: 'heartbeat-timeout' }] }, /cause must be one of hangup, cancelled, busy/],
    ['a wrap-up flag that is not a boolean', { events: [{ eventId: 'e', callId: 'c', occurredAt: now(), type: 'ended', cause: 'hangup', wrapUp: 'yes' }] }, /^body\.events\.0\.wrapUp must be true or false/],
    ['too many events', { events: Array.from({ length: 201 }, () => ({ eventId: 'e', callId: 'c', occurredAt: now(), type: 'heartbeat' })) }, /at most 200 events/],
  ];
  for (const [what, body, message] of invalid) {
    it(`answers 400 naming the field for ${what}`, async () => {
      const { app, sessions } = await withAgents();
      const res = await post(app, sessions.maria, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.match(res.body.error.message, message);
    });
  }

  it("returns the agent's own calls on a record newest first for review, and no other agent's", async () => {
    const { app, store, sessions } = await withAgents();
    const older = new Date(Date.now() - 3600_000).toISOString();
    await post(app, sessions.maria, { events: [dialing('old', { occurredAt: older }), dialing('new')] }).expect(202);
    await post(app, sessions.maria, { events: [dialing('elsewhere', { record: { objectType: 'Lead', id: 'LEA-0001' } })] }).expect(202);
    await foldPendingCalls({ store, now: Date.now, ownerCrmId: async () => null });
    const res = await request(app).get('/api/v1/records/Contact/CON-0001/calls').set('Authorization', `Bearer ${sessions.maria}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.calls.map((c: { callId: string }) => c.callId), ['new', 'old']);
    const omars = await request(app).get('/api/v1/records/Contact/CON-0001/calls').set('Authorization', `Bearer ${sessions.omar}`);
    assert.deepEqual(omars.body.calls, [], "omar sees none of maria's calls");
    const lead = newSignInKey();
    await store.createAgent({ id: 'lead', name: 'Lead', crmUserId: null, disabled: false, tokenHash: lead.hash, role: 'admin' });
    const leadSession = (await request(app).post('/api/v1/auth/local').send({ key: lead.key }).expect(200)).body.token as string;
    const leads = await request(app).get('/api/v1/records/Contact/CON-0001/calls').set('Authorization', `Bearer ${leadSession}`);
    assert.deepEqual(leads.body.calls.map((c: { callId: string }) => c.callId), ['new', 'old'], 'an admin (team lead) sees everyone’s');
  });
});

describe('admin API', () => {
  afterEach(closeTestApps);
  const admin = (app: Parameters<typeof request>[0]) => ({
    post: (path: string, body?: unknown) => request(app).post(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`).send(body as object),
    get: (path: string) => request(app).get(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`),
  });

  it('creates an agent and shows its sign-in key once; the key signs it in, and its session works', async () => {
    const { app } = buildTestApp({ adminToken: ADMIN });
    const res = await admin(app).post('/agents', { id: 'lena', name: 'Lena Schmidt', crmUserId: '005B' });
    assert.equal(res.status, 201);
    assert.equal(res.body.agent.id, 'lena');
    assert.match(res.body.signInKey, /^[A-Za-z0-9_-]{43}$/);
    await post(app, res.body.signInKey, { events: [dialing('c')] }).expect(401);
    const session = await request(app).post('/api/v1/auth/local').send({ key: res.body.signInKey }).expect(200);
    await post(app, session.body.token, { events: [dialing('c')] }).expect(202);
    const twice = await admin(app).post('/agents', { id: 'lena', name: 'Again' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'AGENT_EXISTS');
  });

  it('takes no admin token when none is configured, and refuses a wrong one', async () => {
    const closed = await request(buildTestApp().app).get('/api/v1/admin/outbox').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(closed.status, 401);
    assert.equal(closed.body.error.message, 'No admin token is set on this connector (ADMIN_TOKEN); send an admin agent’s session token.');
    const wrong = await request(buildTestApp({ adminToken: ADMIN }).app).get('/api/v1/admin/outbox').set('Authorization', 'Bearer maria-token-0123456789');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'UNAUTHENTICATED');
  });

  it('shows the outbox and answers 404 for replaying a dead letter that does not exist', async () => {
    const { app } = buildTestApp({ adminToken: ADMIN });
    const outbox = await admin(app).get('/outbox');
    assert.deepEqual(outbox.body, { pending: 0, delivered: 0, dead: 0, oldestPendingAgeMs: 0, waiting: [], deadLetters: [] });
    const replay = await admin(app).post('/outbox/dead-letters/agent-1:nope/replay');
    assert.equal(replay.status, 404);
    assert.equal(replay.body.error.code, 'DEAD_LETTER_NOT_FOUND');
  });
});
