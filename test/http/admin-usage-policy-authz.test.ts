import assert from 'node:assert/strict';
import request from 'supertest';
import { asAgent, buildTestApp, closeTestApps } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const POLICY = { allowedCountries: ['US'], blockPremiumRate: true, blockSharedCost: true, limits: { callsPerMinute: 5, callsPerDay: 100, concurrentCalls: 2 } };

type Method = 'get' | 'put' | 'delete';
const ROUTES: readonly { method: Method; path: string; body?: unknown }[] = [
  { method: 'get', path: '/api/v1/admin/usage' },
  { method: 'get', path: '/api/v1/admin/calls.csv' },
  { method: 'get', path: '/api/v1/admin/policy' },
  { method: 'put', path: '/api/v1/admin/policy', body: POLICY },
  { method: 'delete', path: '/api/v1/admin/policy' },
];

describe('admin API: who may read usage, export calls and change the policy', () => {
  afterEach(closeTestApps);

  for (const { method, path, body } of ROUTES) {
    describe(`${method.toUpperCase()} ${path}`, () => {
      const send = (app: Parameters<typeof request>[0], token: string | null) => {
        let req = request(app)[method](path);
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body));
      };

      it('refuses a request without a token with 401, and changes nothing', async () => {
        const testApp = buildTestApp({ adminToken: ADMIN });
        const res = await send(testApp.app, null);
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, 'UNAUTHENTICATED');
        assert.match(res.headers['www-authenticate'] ?? '', /^Bearer realm="connector-admin"/);
        assert.equal(await testApp.store.tenantPolicy(), null);
        assert.deepEqual(await testApp.store.auditLog({ limit: 1 }), []);
      });

      it('refuses an agent’s session with 403 ADMIN_ONLY, and changes nothing', async () => {
        const testApp = buildTestApp({ adminToken: ADMIN });
        const agent = await asAgent(testApp, 'maria');
        const res = await send(testApp.app, agent.token);
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, 'ADMIN_ONLY');
        assert.equal(await testApp.store.tenantPolicy(), null);
        assert.deepEqual(await testApp.store.auditLog({ limit: 1 }), []);
      });

      it('answers the admin token and an admin agent’s session with 200', async () => {
        const testApp = buildTestApp({ adminToken: ADMIN });
        const boss = await asAgent(testApp, 'boss', { role: 'admin' });
        for (const token of [ADMIN, boss.token]) {
          const res = await send(testApp.app, token);
          assert.equal(res.status, 200, res.text);
        }
      });
    });
  }
});
