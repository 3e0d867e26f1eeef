import assert from 'node:assert/strict';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import type { NewAgent } from '../../connector/src/store/store.js';
import { admin, ADMIN, sipApp } from './sip-test-kit.js';
import { closeTestApps, JSON_TYPE, signIn, type TestApp } from './test-app.js';

const STRONG = 'Zebra-Quartz-Lantern-47-Violet';
const EPHEMERAL_SECRET = 'the-pbx-autheph-secret-0123456789';

async function addAgent(testApp: TestApp, id: string, profile: Partial<NewAgent> = {}): Promise<void> {
  await testApp.store.createAgent({ id, name: id, crmUserId: null, disabled: false, tokenHash: newSignInKey().hash, ...profile });
}

/** Everything the app wrote where a secret could leak: its logs and its audit log. */
async function leakSurface(testApp: TestApp): Promise<string> {
  return JSON.stringify(testApp.logs) + JSON.stringify(await testApp.store.auditLog({ limit: 500 }));
}

describe('admin API: SIP accounts, weak-password refusal and the password generator', () => {
  afterEach(closeTestApps);

  describe('PUT /agents/{id}/sip', () => {
    it('sets a password account, answers the account in effect with its kind, and audits it without the password', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      const res = await admin(testApp.app).put('/agents/maria/sip', { username: '1001', password: STRONG });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        agentId: 'maria',
        sip: { kind: 'password', aor: 'sip:1001@pbx.example.test', username: '1001', authUser: '1001', domain: 'pbx.example.test', wsServer: 'wss://sip.example.test:8443', displayName: null },
      });
      const [entry] = await testApp.store.auditLog({ limit: 10 });
      assert.deepEqual({ ...entry, id: 0, at: 0 }, { id: 0,
        at: 0,
        actor: 'admin-token',
        action: 'sip.set',
        target: 'maria',
        outcome: 'ok',
        details: { kind: 'password', username: '1001', domain: null },
      });
      assert.ok(!(await leakSurface(testApp)).includes(STRONG));
      assert.ok(!res.text.includes(STRONG));
    });

    it('refuses a weak password with 422 WEAK_SIP_PASSWORD and every reason, stores nothing, and never echoes it', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      const weak = 'alice1001';
      const res = await admin(testApp.app).put('/agents/maria/sip', { username: '1001', password: weak });
      assert.equal(res.status, 422);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.equal(res.body.error.code, 'WEAK_SIP_PASSWORD');
      assert.deepEqual(res.body.error.reasons, [
        'must be at least 12 characters long',
        'is too easy to guess: it is similar to a commonly used password',
        'must not contain the user name',
      ]);
      assert.match(res.body.error.message, /^This SIP password is refused: it must be at least 12 characters long; /);
      assert.ok(!res.text.includes(weak));
      assert.equal(await testApp.store.agentSip('maria'), null);
      assert.deepEqual(await testApp.store.auditLog({ limit: 10 }), []);
      assert.ok(!(await leakSurface(testApp)).includes(weak));
    });

    it('refuses a commonly used password however long', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      const res = await admin(testApp.app).put('/agents/maria/sip', { username: '1001', password: 'password12345' });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.error.reasons, ['is too easy to guess: it is similar to a commonly used password']);
    });

    it('sets an ephemeral account, which holds no password, when the connector has the SIP server’s secret', async () => {
      const testApp = sipApp({ ephemeralSipSecret: EPHEMERAL_SECRET });
      await addAgent(testApp, 'maria');
      const res = await admin(testApp.app).put('/agents/maria/sip', { kind: 'ephemeral', username: '1001', domain: 'pbx.berlin.example' });
      assert.equal(res.status, 200);
      assert.equal(res.body.sip.kind, 'ephemeral');
      assert.equal(res.body.sip.aor, 'sip:1001@pbx.berlin.example');
      assert.equal((await testApp.store.agentSip('maria'))?.sealedPassword, null);
      const [entry] = await testApp.store.auditLog({ limit: 10 });
      assert.deepEqual(entry?.details, { kind: 'ephemeral', username: '1001', domain: 'pbx.berlin.example' });
      assert.ok(!(await leakSurface(testApp)).includes(EPHEMERAL_SECRET));
    });

    it('answers 409 EPHEMERAL_SIP_UNAVAILABLE for an ephemeral account when the connector has no secret', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      const res = await admin(testApp.app).put('/agents/maria/sip', { kind: 'ephemeral', username: '1001' });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'EPHEMERAL_SIP_UNAVAILABLE');
      assert.match(res.body.error.message, /SIP_EPHEMERAL_SECRET/);
      assert.equal(await testApp.store.agentSip('maria'), null);
    });

    for (const [what, body, message] of [
      ['a password account without a password', { username: '1001' }, /^body\.password must be the SIP password as a string$/],
      ['an ephemeral account with a password', { kind: 'ephemeral', username: '1001', password: STRONG }, /^body\.password must be left out for an ephemeral account/],
      ['an unknown kind', { kind: 'token', username: '1001', password: STRONG }, /^body\.kind must be "password" or "ephemeral"$/],
      ['an unknown field', { username: '1001', password: STRONG, secret: 'x' }, /has fields the API does not know \(secret\)/],
    ] as const) {
      it(`answers 400 naming the field for ${what}`, async () => {
        const testApp = sipApp({ ephemeralSipSecret: EPHEMERAL_SECRET });
        await addAgent(testApp, 'maria');
        const res = await admin(testApp.app).put('/agents/maria/sip', body);
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.match(res.body.error.message, message);
        assert.ok(!res.text.includes(STRONG));
      });
    }

    it('answers 404 AGENT_NOT_FOUND for an agent that does not exist, and audits nothing', async () => {
      const testApp = sipApp();
      const res = await admin(testApp.app).put('/agents/ghost/sip', { username: '1001', password: STRONG });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'AGENT_NOT_FOUND');
      assert.deepEqual(await testApp.store.auditLog({ limit: 10 }), []);
    });

    it('records an admin agent as the actor when it signs in with its own session', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'boss', { role: 'admin' });
      await addAgent(testApp, 'maria');
      const token = await signIn(testApp, 'boss');
      const res = await request(testApp.app)
        .put('/api/v1/admin/agents/maria/sip')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: '1001', password: STRONG }));
      assert.equal(res.status, 200);
      assert.equal((await testApp.store.auditLog({ limit: 1 }))[0]?.actor, 'agent:boss');
    });

    it('is closed to anyone but an admin: no token is 401, an agent’s session is 403', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      const anonymous = await request(testApp.app).put('/api/v1/admin/agents/maria/sip').send({ username: '1001', password: STRONG });
      assert.equal(anonymous.status, 401);
      const agent = await request(testApp.app)
        .put('/api/v1/admin/agents/maria/sip')
        .set('Authorization', `Bearer ${await signIn(testApp, 'maria')}`)
        .send({ username: '1001', password: STRONG });
      assert.equal(agent.status, 403);
      assert.equal(agent.body.error.code, 'ADMIN_ONLY');
      assert.equal(await testApp.store.agentSip('maria'), null);
    });
  });

  describe('DELETE /agents/{id}/sip', () => {
    it('removes the account with 204 and audits it; 404 for an agent that does not exist', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      await admin(testApp.app).put('/agents/maria/sip', { username: '1001', password: STRONG });
      const res = await admin(testApp.app).delete('/agents/maria/sip');
      assert.equal(res.status, 204);
      assert.equal(await testApp.store.agentSip('maria'), null);
      const [entry] = await testApp.store.auditLog({ limit: 10 });
      assert.deepEqual([entry?.action, entry?.target, entry?.outcome, entry?.details], ['sip.remove', 'maria', 'ok', {}]);
      assert.equal((await admin(testApp.app).delete('/agents/ghost/sip')).status, 404);
    });

    it('answers 405 with Allow for other methods', async () => {
      const testApp = sipApp();
      const res = await request(testApp.app).get('/api/v1/admin/agents/maria/sip').set('Authorization', `Bearer ${ADMIN}`);
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, 'PUT, DELETE');
    });
  });

  describe('POST /sip-passwords', () => {
    it('generates a strong password that is not stored, not logged and not cached', async () => {
      const testApp = sipApp();
      const first = await admin(testApp.app).post('/sip-passwords', {});
      const second = await request(testApp.app).post('/api/v1/admin/sip-passwords').set('Authorization', `Bearer ${ADMIN}`);
      for (const res of [first, second]) {
        assert.equal(res.status, 200);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.deepEqual(Object.keys(res.body).sort(), ['password', 'strength']);
        assert.match(res.body.password, /^[A-Za-z0-9_-]{24}$/);
        assert.equal(res.body.strength.score, 4);
        assert.ok(res.body.strength.guessesLog10 >= 12);
      }
      assert.notEqual(first.body.password, second.body.password);
      const surface = await leakSurface(testApp);
      assert.ok(!surface.includes(first.body.password) && !surface.includes(second.body.password));
    });

    it('makes passwords the SIP account API then accepts', async () => {
      const testApp = sipApp();
      await addAgent(testApp, 'maria');
      const { password } = (await admin(testApp.app).post('/sip-passwords', {})).body as { password: string };
      assert.equal((await admin(testApp.app).put('/agents/maria/sip', { username: 'maria', password })).status, 200);
    });

    it('refuses options it does not know, and other methods', async () => {
      const testApp = sipApp();
      const withFields = await admin(testApp.app).post('/sip-passwords', { length: 8 });
      assert.equal(withFields.status, 400);
      assert.match(withFields.body.error.message, /takes no fields/);
      const get = await request(testApp.app).get('/api/v1/admin/sip-passwords').set('Authorization', `Bearer ${ADMIN}`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST');
    });
  });
});
