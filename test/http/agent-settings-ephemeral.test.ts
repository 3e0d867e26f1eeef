import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import { admin, settingsOf, sipApp } from './sip-test-kit.js';
import { closeTestApps, type TestApp } from './test-app.js';

const SECRET = 'the-pbx-autheph-secret-0123456789';

/** Creates an agent with an ephemeral account through the admin API and signs it in with its key, as a widget does. */
async function ephemeralAgent(testApp: TestApp, id: string, username: string): Promise<{ token: string; refreshUntil: string; expiresAt: string }> {
  const created = await admin(testApp.app).post('/agents', { id, name: id, sip: { kind: 'ephemeral', username } });
  assert.equal(created.status, 201, created.text);
  const signedIn = await request(testApp.app).post('/api/v1/auth/local').send({ key: created.body.signInKey });
  assert.equal(signedIn.status, 200, signedIn.text);
  return { token: signedIn.body.token, refreshUntil: signedIn.body.refreshUntil, expiresAt: signedIn.body.expiresAt };
}

const hmac = (username: string) => createHmac('sha1', SECRET).update(username).digest('base64');

describe('GET /api/v1/agent/settings for an ephemeral SIP account', () => {
  afterEach(closeTestApps);

  it('hands the agent freshly minted credentials, valid until 15 minutes after its session token expires', async () => {
    const testApp = sipApp({ ephemeralSipSecret: SECRET });
    const { token, expiresAt } = await ephemeralAgent(testApp, 'maria', '1001');
    const res = await settingsOf(testApp.app, token);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const expiry = Math.floor((Date.parse(expiresAt) + 15 * 60_000) / 1000);
    assert.deepEqual(res.body.sip, {
      aor: 'sip:1001@pbx.example.test',
      authorizationUsername: `${expiry}:1001`,
      authorizationPassword: hmac(`${expiry}:1001`),
      credentialsExpireAt: new Date(expiry * 1000).toISOString(),
      wsServer: 'wss://sip.example.test:8443',
      displayName: null,
      callerId: null,
      iceServers: [{ urls: 'turns:turn.example.test:5349' }],
    });
  });

  it('never holds the shared secret, in the answer or in the logs', async () => {
    const testApp = sipApp({ ephemeralSipSecret: SECRET });
    const { token } = await ephemeralAgent(testApp, 'maria', '1001');
    const res = await settingsOf(testApp.app, token);
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes(SECRET), 'the answer holds the secret');
    assert.ok(!JSON.stringify(testApp.logs).includes(SECRET), 'a log line holds the secret');
    assert.ok(!JSON.stringify(await testApp.store.auditLog({ limit: 100 })).includes(SECRET), 'the audit log holds the secret');
  });

  it('mints each agent credentials for its own SIP user only', async () => {
    const testApp = sipApp({ ephemeralSipSecret: SECRET });
    const maria = await ephemeralAgent(testApp, 'maria', '1001');
    const omar = await ephemeralAgent(testApp, 'omar', '1002');
    const [mine, his] = await Promise.all([settingsOf(testApp.app, maria.token), settingsOf(testApp.app, omar.token)]);
    assert.match(mine.body.sip.authorizationUsername, /^\d+:1001$/);
    assert.match(his.body.sip.authorizationUsername, /^\d+:1002$/);
    assert.equal(his.body.agent.id, 'omar');
    assert.equal(his.body.sip.authorizationPassword, hmac(his.body.sip.authorizationUsername));
  });

  it('mints credentials that follow each refreshed session, and never outlive the sign-in’s last possible refresh', async () => {
    let now = Date.UTC(2030, 0, 1, 8, 0, 0);
    const sessionTokens = new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: 900, maxAgeS: 3600, now: () => now });
    const testApp = sipApp({ ephemeralSipSecret: SECRET, sessionTokens });
    const { token } = await ephemeralAgent(testApp, 'maria', '1001');
    const before = await settingsOf(testApp.app, token);
    assert.equal(before.body.sip.credentialsExpireAt, '2030-01-01T08:30:00.000Z', 'token expiry 08:15 plus 15 minutes');
    now += 10 * 60_000;
    const refreshed = await request(testApp.app).post('/api/v1/auth/refresh').set('Authorization', `Bearer ${token}`);
    assert.equal(refreshed.status, 200, refreshed.text);
    const after = await settingsOf(testApp.app, refreshed.body.token);
    assert.equal(after.body.sip.credentialsExpireAt, '2030-01-01T08:40:00.000Z');
    let current = refreshed.body.token as string;
    for (let i = 0; i < 3; i++) {
      now += 10 * 60_000;
      const again = await request(testApp.app).post('/api/v1/auth/refresh').set('Authorization', `Bearer ${current}`);
      assert.equal(again.status, 200, again.text);
      current = again.body.token;
    }
    const last = await settingsOf(testApp.app, current);
    assert.equal(last.body.sip.credentialsExpireAt, '2030-01-01T09:00:00.000Z', 'at 08:40, capped by the sign-in at 08:00 plus an hour');
  });

  it('answers no SIP account after an admin removes it, and nothing at all once the agent is signed out', async () => {
    const testApp = sipApp({ ephemeralSipSecret: SECRET });
    const { token } = await ephemeralAgent(testApp, 'maria', '1001');
    assert.equal((await admin(testApp.app).delete('/agents/maria/sip')).status, 204);
    assert.equal((await settingsOf(testApp.app, token)).body.sip, null);
    assert.equal((await request(testApp.app).post('/api/v1/auth/sign-out').set('Authorization', `Bearer ${token}`)).status, 204);
    const res = await settingsOf(testApp.app, token);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'SESSION_EXPIRED');
  });
});
