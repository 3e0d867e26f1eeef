import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { admin, createAgent, settingsOf, SOFTPHONE, sipApp } from './sip-test-kit.js';
import { closeTestApps, JSON_TYPE, signIn } from './test-app.js';

const MARIA_PASSWORD = 'Kq7#vT2!pLm9-Wörd "x"';
const MARIA_SIP = { username: '1001', password: MARIA_PASSWORD, displayName: 'Maria Gonzalez' };
const OMAR_PASSWORD = 'omar-Zt8#qW4!kP2v';
const ROTATED_PASSWORD = 'R0tated-Xq9#Lm2!vB';

describe('GET /api/v1/agent/settings', () => {
  afterEach(closeTestApps);

  it("answers the agent's SIP account with its password, the heartbeat interval and the dispositions, never cached", async () => {
    const { app } = sipApp();
    const token = await createAgent(app, { id: 'maria', name: 'Maria', sip: MARIA_SIP });
    const res = await settingsOf(app, token);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(res.body, {
      agent: { id: 'maria', name: 'Maria' },
      sip: {
        aor: 'sip:1001@pbx.example.test',
        authorizationUsername: '1001',
        authorizationPassword: MARIA_PASSWORD,
        wsServer: 'wss://sip.example.test:8443',
        displayName: 'Maria Gonzalez',
        callerId: null,
        iceServers: [{ urls: 'turns:turn.example.test:5349' }],
      },
      heartbeatIntervalS: 30,
      dispositions: ['Connected', 'Left voicemail', 'No answer', 'Wrong number', 'Call back later', 'Not interested'],
    });
  });

  it("uses the account's own auth user, domain and WebSocket server over the tenant's", async () => {
    const { app } = sipApp();
    const sip = { ...MARIA_SIP, authUser: 'maria@auth', domain: 'Other.Example.test', wsServer: 'ws://127.0.0.1:5066/', displayName: null };
    const token = await createAgent(app, { id: 'maria', name: 'Maria', callerId: '+442079460000', sip });
    const res = await settingsOf(app, token);
    assert.deepEqual(
      { ...res.body.sip, authorizationPassword: undefined },
      {
        aor: 'sip:1001@other.example.test',
        authorizationUsername: 'maria@auth',
        authorizationPassword: undefined,
        wsServer: 'ws://127.0.0.1:5066',
        displayName: null,
        callerId: '+442079460000',
        iceServers: [{ urls: 'turns:turn.example.test:5349' }],
      },
    );
  });

  it('answers sip null for an agent without a SIP account, and for one whose WebSocket server nobody configured', async () => {
    const { app } = sipApp({ softphone: { ...SOFTPHONE, wsServer: null, iceServers: [] } });
    const none = await createAgent(app, { id: 'omar', name: 'Omar' });
    const noServer = await createAgent(app, { id: 'maria', name: 'Maria', sip: MARIA_SIP });
    for (const token of [none, noServer]) {
      const res = await settingsOf(app, token);
      assert.equal(res.status, 200);
      assert.equal(res.body.sip, null);
      assert.equal(res.body.heartbeatIntervalS, 30);
    }
  });

  it("gives each agent only its own account, and follows the admin's changes", async () => {
    const { app } = sipApp();
    const maria = await createAgent(app, { id: 'maria', name: 'Maria', sip: MARIA_SIP });
    const omar = await createAgent(app, { id: 'omar', name: 'Omar', sip: { username: '1002', password: OMAR_PASSWORD } });
    assert.equal((await settingsOf(app, omar)).body.sip.authorizationPassword, OMAR_PASSWORD);
    assert.equal((await settingsOf(app, maria)).body.sip.aor, 'sip:1001@pbx.example.test');
    await admin(app).put('/agents/maria/sip', { username: '2001', password: ROTATED_PASSWORD }).expect(200);
    const changed = (await settingsOf(app, maria)).body.sip;
    assert.equal(changed.aor, 'sip:2001@pbx.example.test');
    assert.equal(changed.authorizationPassword, ROTATED_PASSWORD);
    assert.equal(changed.displayName, null, 'a PUT replaces the whole account');
    await admin(app).delete('/agents/maria/sip').expect(204);
    assert.equal((await settingsOf(app, maria)).body.sip, null);
  });

  it('refuses a missing or unknown session token with 401, and the agent once an admin disabled it with 403', async () => {
    const built = sipApp();
    const none = await request(built.app).get('/api/v1/agent/settings');
    assert.equal(none.status, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="connector"');
    assert.equal(none.body.error.code, 'UNAUTHENTICATED');
    const unknown = await settingsOf(built.app, 'nobody-holds-this-token-000');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.headers['www-authenticate'], 'Bearer realm="connector", error="invalid_token"');
    assert.deepEqual(unknown.body, { error: { code: 'UNAUTHENTICATED', message: 'The session token is not valid; sign in again.' } });
    const token = await createAgent(built.app, { id: 'maria', name: 'Maria', sip: MARIA_SIP });
    await settingsOf(built.app, token).expect(200);
    await built.store.updateAgent('maria', { disabled: true });
    const disabled = await settingsOf(built.app, token);
    assert.equal(disabled.status, 403);
    assert.deepEqual(disabled.body, { error: { code: 'AGENT_DISABLED', message: 'This agent is disabled; ask an admin to enable it.' } });
  });

  it('does not take the sign-in key in place of a session token', async () => {
    const built = sipApp();
    const { key, hash } = newSignInKey();
    await built.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: hash });
    const res = await settingsOf(built.app, key);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    await settingsOf(built.app, await signIn(built, 'maria')).expect(200);
  });

  it('answers 500 SIP_PASSWORD_UNREADABLE, without the sealed value, when the secrets key changed since it was set', async () => {
    const { app, store } = sipApp();
    await createAgent(app, { id: 'maria', name: 'Maria', sip: MARIA_SIP });
    const sealed = (await store.agentSip('maria'))!;
    const other = sipApp({ secretBox: new SecretBox(randomBytes(32)) });
    await other.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash, sip: sealed });
    const res = await settingsOf(other.app, await signIn(other, 'maria'));
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, {
      error: {
        code: 'SIP_PASSWORD_UNREADABLE',
        message: 'The connector cannot read this agent’s SIP password (its secrets key changed); an admin must set the SIP account again.',
      },
    });
    assert.ok(!JSON.stringify(other.logs).includes(sealed.sealedPassword!), 'the sealed value is not logged');
  });

  it('answers 405 with Allow for other methods', async () => {
    const { app } = sipApp();
    const token = await createAgent(app, { id: 'maria', name: 'Maria' });
    const res = await request(app).post('/api/v1/agent/settings').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{}');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
  });
});
