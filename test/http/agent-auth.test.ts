import assert from 'node:assert/strict';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { FakeCrm } from './fake-crm.js';
import { buildTestApp, closeTestApps, signIn, type TestApp } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';

/** An app with an admin agent `boss` and a plain agent `maria`, signed in. */
async function appWithStaff(adminToken: string | null = ADMIN) {
  const built = buildTestApp(adminToken ? { adminToken } : {});
  await built.store.createAgent({ id: 'boss', name: 'Boss', crmUserId: null, disabled: false, role: 'admin', tokenHash: newSignInKey().hash });
  await built.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
  return { ...built, boss: await signIn(built, 'boss'), maria: await signIn(built, 'maria') };
}

const outbox = (built: TestApp, token: string) => request(built.app).get('/api/v1/admin/outbox').set('Authorization', `Bearer ${token}`);

describe('who may use the admin API', () => {
  afterEach(closeTestApps);

  it('lets in the admin token and the session of an agent whose role is admin', async () => {
    const built = await appWithStaff();
    assert.equal((await outbox(built, ADMIN)).status, 200);
    assert.equal((await outbox(built, built.boss)).status, 200);
  });

  it('refuses a plain agent’s session with 403 ADMIN_ONLY', async () => {
    const built = await appWithStaff();
    const res = await outbox(built, built.maria);
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, { error: { code: 'ADMIN_ONLY', message: 'This route is for admins; your agent is not one.' } });
  });

  it('lets an admin agent in even when no admin token is configured', async () => {
    const built = await appWithStaff(null);
    assert.equal((await outbox(built, built.boss)).status, 200);
    assert.equal((await outbox(built, built.maria)).status, 403);
  });

  it('refuses no token, a wrong one, and an admin’s session once the admin was demoted or signed out', async () => {
    const built = await appWithStaff();
    const none = await request(built.app).get('/api/v1/admin/outbox');
    assert.equal(none.status, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="connector-admin"');
    const wrong = await outbox(built, `${ADMIN}x`);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['www-authenticate'], 'Bearer realm="connector-admin", error="invalid_token"');
    await built.store.updateAgent('boss', { role: 'agent' });
    const demoted = await outbox(built, built.boss);
    assert.equal(demoted.status, 401);
    assert.equal(demoted.body.error.code, 'SESSION_EXPIRED');
    const again = await signIn(built, 'boss');
    assert.equal((await outbox(built, again)).status, 403, 'signed in again, it is a plain agent now');
  });

  it('records who acted in the audit log: the admin token, or the admin agent', async () => {
    const built = await appWithStaff();
    const reseal = (token: string) => request(built.app).post('/api/v1/admin/secrets/reseal').set('Authorization', `Bearer ${token}`).expect(200);
    await reseal(ADMIN);
    await reseal(built.boss);
    const actors = (await built.store.auditLog({ limit: 10 })).filter((e) => e.action === 'secrets.reseal').map((e) => e.actor);
    assert.deepEqual(actors, ['agent:boss', 'admin-token']);
  });

  it('does not take the admin token on the agent API: it is no agent’s session', async () => {
    const built = await appWithStaff();
    const res = await request(built.app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
  });
});

describe('the agent API without a session', () => {
  afterEach(closeTestApps);

  const routes: [string, string][] = [
    ['post', '/api/v1/resolve'],
    ['get', '/api/v1/lookup?number=%2B14155552671'],
    ['get', '/api/v1/records/Contact/CON-0001/numbers'],
    ['get', '/api/v1/records/Contact/CON-0001/calls'],
    ['post', '/api/v1/calls/events'],
    ['get', '/api/v1/calls/abc%40pbx/log'],
    ['get', '/api/v1/agent/settings'],
  ];
  for (const [method, path] of routes) {
    it(`answers ${method.toUpperCase()} ${path} with 401 and asks for a session token, without asking the CRM`, async () => {
      const crm = new FakeCrm([]);
      const { app, store } = buildTestApp({ crm });
      const res = await request(app)[method as 'get' | 'post'](path).set('Content-Type', 'application/json').send('{"number":"+14155552671"}');
      assert.equal(res.status, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="connector"');
      assert.deepEqual(res.body, { error: { code: 'UNAUTHENTICATED', message: 'Sign in: send the session token as "Authorization: Bearer <token>".' } });
      assert.deepEqual(crm.calls, []);
      assert.equal((await store.outboxCounts(Date.now())).pending, 0);
    });
  }

  it('keeps health, metrics and the sign-in methods public', async () => {
    const { app } = buildTestApp();
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/v1/auth/methods']) {
      assert.equal((await request(app).get(path)).status, 200, path);
    }
  });
});

describe('agent API rate limits (RATE_LIMIT_API per agent, and per client address)', () => {
  afterEach(closeTestApps);

  /** Agents maria and omar behind one proxy, which tells the connector each client's address. */
  async function limitedApp() {
    const built = buildTestApp({ rateLimits: { signInPerMinute: 100, apiPerMinute: 3 }, trustProxy: 1 });
    for (const id of ['maria', 'omar']) await built.store.createAgent({ id, name: id, crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    const settings = (token: string, from: string) =>
      request(built.app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', from);
    return { ...built, settings };
  }

  it('limit each agent across its sessions and addresses, and leave the other agents alone', async () => {
    const built = await limitedApp();
    const [one, two, omar] = [await signIn(built, 'maria'), await signIn(built, 'maria'), await signIn(built, 'omar')];
    await built.settings(one, '198.51.100.1').expect(200);
    await built.settings(two, '198.51.100.2').expect(200);
    await built.settings(one, '198.51.100.3').expect(200);
    const limited = await built.settings(two, '198.51.100.4');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'RATE_LIMITED');
    assert.match(String(limited.headers['retry-after']), /^\d+$/);
    await built.settings(omar, '198.51.100.5').expect(200);
  });

  it('limit each client address by its refused tokens, before checking the token, whoever it signs in as', async () => {
    const built = await limitedApp();
    const [maria, omar] = [await signIn(built, 'maria'), await signIn(built, 'omar')];
    await built.settings(maria, '203.0.113.9').expect(200);
    for (let i = 0; i < 3; i++) await built.settings('made-up-token-0123456789', '203.0.113.9').expect(401);
    assert.equal((await built.settings(omar, '203.0.113.9')).status, 429);
    await built.settings(omar, '203.0.113.10').expect(200);
  });

  it('does not let one agent that hits its own limit lock out the others behind the same address', async () => {
    const built = await limitedApp();
    const [maria, omar] = [await signIn(built, 'maria'), await signIn(built, 'omar')];
    for (let i = 0; i < 3; i++) await built.settings(maria, '203.0.113.9').expect(200);
    for (let i = 0; i < 5; i++) await built.settings(maria, '203.0.113.9').expect(429);
    await built.settings(omar, '203.0.113.9').expect(200);
  });
});
