import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../connector/src/observability/logger.js';
import { admin, ADMIN, createAgent, sipApp } from './sip-test-kit.js';
import { closeTestApps, JSON_TYPE } from './test-app.js';

const PASSWORD = 'Sup3r-Secret-SIP-pw';

describe('admin API: agents’ SIP accounts', () => {
  afterEach(closeTestApps);

  it('creates an agent with its SIP account and shows the account in effect, without the password', async () => {
    const { app } = sipApp();
    const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria', sip: { username: '1001', password: PASSWORD } });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.agent, {
      id: 'maria',
      name: 'Maria',
      crmUserId: null,
      disabled: false,
      role: 'agent',
      team: null,
      callerId: null,
      allowedCountries: null,
      limits: { callsPerMinute: null, callsPerDay: null, concurrentCalls: null },
      sip: { kind: 'password', aor: 'sip:1001@pbx.example.test', username: '1001', authUser: '1001', domain: 'pbx.example.test', wsServer: 'wss://sip.example.test:8443', displayName: null },
      presence: { registered: false, lastSeenAt: null, widgets: [] },
    });
    assert.ok(!res.text.includes(PASSWORD));
  });

  it('sets and replaces an account with PUT, answering the account in effect without the password', async () => {
    const { app } = sipApp();
    await createAgent(app, { id: 'omar', name: 'Omar' });
    const res = await admin(app).put('/agents/omar/sip', {
      username: '+4930123',
      password: PASSWORD,
      authUser: 'omar@auth.example.test',
      domain: 'PBX.Berlin.example',
      wsServer: 'wss://edge.example.test/ws',
      displayName: 'Omar Haddad',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, {
      agentId: 'omar',
      sip: {
        kind: 'password',
        aor: 'sip:+4930123@pbx.berlin.example',
        username: '+4930123',
        authUser: 'omar@auth.example.test',
        domain: 'pbx.berlin.example',
        wsServer: 'wss://edge.example.test/ws',
        displayName: 'Omar Haddad',
      },
    });
    assert.ok(!res.text.includes(PASSWORD));
  });

  it('removes an account with DELETE, idempotently', async () => {
    const { app, store } = sipApp();
    await createAgent(app, { id: 'maria', name: 'Maria', sip: { username: '1001', password: PASSWORD } });
    const first = await admin(app).delete('/agents/maria/sip');
    assert.equal(first.status, 204);
    assert.equal(first.text, '');
    assert.equal(await store.agentSip('maria'), null);
    await admin(app).delete('/agents/maria/sip').expect(204);
  });

  it('answers 404 AGENT_NOT_FOUND for an account of an agent that does not exist', async () => {
    const { app } = sipApp();
    const put = await admin(app).put('/agents/ghost/sip', { username: '1001', password: PASSWORD });
    assert.equal(put.status, 404);
    assert.deepEqual(put.body, {
      error: { code: 'AGENT_NOT_FOUND', message: 'There is no agent with id ghost; create it first with POST /api/v1/admin/agents.' },
    });
    assert.equal((await admin(app).delete('/agents/ghost/sip')).status, 404);
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['no password', { username: '1001' }, /^body\.password must be the SIP password as a string$/],
    ['an empty password', { username: '1001', password: '' }, /^body\.password must not be empty$/],
    ['a password with a line break', { username: '1001', password: 'a\nb' }, /^body\.password must not hold control characters/],
    ['a username with an @', { username: 'maria@pbx', password: PASSWORD }, /^body\.username must be 1 to 64 letters, digits or \._~\+-/],
    ['a domain with a port', { username: '1001', password: PASSWORD, domain: 'pbx.example.test:5060' }, /^body\.domain must be a bare host name/],
    ['a plain ws:// server across the network', { username: '1001', password: PASSWORD, wsServer: 'ws://sip.example.test' }, /^body\.wsServer must be a secure WebSocket URL/],
    ['an https URL as server', { username: '1001', password: PASSWORD, wsServer: 'https://sip.example.test' }, /^body\.wsServer must be a secure WebSocket URL/],
    ['a display name with a quote', { username: '1001', password: PASSWORD, displayName: 'Eve" <sip:x@y>' }, /^body\.displayName must not hold control characters, quotes/],
    ['an unknown field', { username: '1001', password: PASSWORD, realm: 'x' }, /has fields the API does not know \(realm\)/],
  ];
  for (const [what, body, message] of invalid) {
    it(`answers 400 naming the field for ${what}, and never echoes the password`, async () => {
      const { app, store } = sipApp();
      await createAgent(app, { id: 'maria', name: 'Maria' });
      const res = await admin(app).put('/agents/maria/sip', body);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.match(res.body.error.message, message);
      assert.ok(!res.text.includes(PASSWORD));
      assert.equal(await store.agentSip('maria'), null, 'nothing was stored');
    });
  }

  it('creates neither the agent nor its account when the account is invalid', async () => {
    const { app, store } = sipApp();
    const res = await admin(app).post('/agents', { id: 'maria', name: 'Maria', sip: { username: '1001' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.issues[0].field, 'body.sip.password');
    assert.equal(await store.agentById('maria'), null);
  });

  it('needs the admin token, and answers 405 with Allow for other methods', async () => {
    const { app } = sipApp();
    await createAgent(app, { id: 'maria', name: 'Maria' });
    const agentToken = await request(app).put('/api/v1/admin/agents/maria/sip').set('Authorization', 'Bearer maria-token-0123456789').send({ username: '1', password: 'x' });
    assert.equal(agentToken.status, 401);
    const get = await request(app).get('/api/v1/admin/agents/maria/sip').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'PUT, DELETE');
  });

  it('never logs the SIP password, whether a request carries it or an object holding it is logged whole', async () => {
    const { app, logs } = sipApp();
    await createAgent(app, { id: 'maria', name: 'Maria', sip: { username: '1001', password: PASSWORD } });
    await admin(app).put('/agents/maria/sip', { username: '1001', password: PASSWORD }).expect(200);
    assert.ok(logs.length > 0);
    assert.ok(!JSON.stringify(logs).includes(PASSWORD));

    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    logger.info({ body: { sip: { password: 'pw-1' } }, settings: { sip: { authorizationPassword: 'pw-2' } }, authorizationPassword: 'pw-3', secretsKey: 'key-4', sip: { sealedPassword: 'v1:sealed-5' } }, 'objects logged whole');
    const text = lines.join('');
    for (const secret of ['pw-1', 'pw-2', 'pw-3', 'key-4', 'sealed-5']) assert.ok(!text.includes(secret), `${secret} must not be logged`);
    assert.match(text, /\[redacted\]/);
  });
});
