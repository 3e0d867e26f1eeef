import assert from 'node:assert/strict';
import request from 'supertest';
import { CrmError } from '../../connector/src/crm/crm-error.js';
import { FakeCrm } from './fake-crm.js';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

describe('health and metrics', () => {
  afterEach(closeTestApps);

  describe('GET /healthz', () => {
    it('answers 200 while the process serves requests', async () => {
      const res = await request(buildTestApp().app).get('/healthz');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, { status: 'ok' });
    });

    it('answers 200 even when the CRM is down: restarting would not bring it back', async () => {
      const crm = new FakeCrm([]).failWith(new CrmError('unavailable', 'down', { crm: 'fake' }));
      const res = await request(buildTestApp({ crm }).app).get('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(crm.calls, []);
    });
  });

  describe('GET /readyz', () => {
    it('answers 200 when the store and the CRM both answer', async () => {
      const res = await request(buildTestApp().app).get('/readyz');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, { status: 'ready', checks: { store: { ok: true }, crm: { ok: true } } });
    });

    it('answers 503 naming the CRM check when the CRM does not answer', async () => {
      const crm = new FakeCrm([]).failWith(
        new CrmError('unavailable', 'connect ECONNREFUSED 10.0.0.7:443', { crm: 'fake', crmCode: 'SERVER_UNAVAILABLE' }),
        ['ping'],
      );
      const res = await request(buildTestApp({ crm }).app).get('/readyz');
      assert.equal(res.status, 503);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        status: 'not ready',
        checks: {
          store: { ok: true },
          crm: { ok: false, reason: 'the fake CRM did not answer (unavailable: SERVER_UNAVAILABLE)' },
        },
      });
      assert.ok(!res.text.includes('10.0.0.7'));
    });

    it("answers 503 without the error's text when the CRM's ping breaks its contract", async () => {
      const crm = new FakeCrm([]).failWith(new Error('socket hang up at secret-host'), ['ping']);
      const res = await request(buildTestApp({ crm }).app).get('/readyz');
      assert.equal(res.status, 503);
      assert.deepEqual(res.body.checks.crm, { ok: false, reason: 'the fake CRM did not answer' });
      assert.ok(!res.text.includes('secret-host'));
    });

    it('answers 503 naming the store check when the store is closed', async () => {
      const { app, store } = buildTestApp();
      await store.close();
      const res = await request(app).get('/readyz');
      assert.equal(res.status, 503);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        status: 'not ready',
        checks: { store: { ok: false, reason: 'the store did not answer' }, crm: { ok: true } },
      });
    });

    it('answers 503 while the connector is shutting down, so the load balancer stops sending traffic', async () => {
      let shuttingDown = false;
      const { app } = buildTestApp({ isShuttingDown: () => shuttingDown });
      assert.equal((await request(app).get('/readyz')).status, 200);
      shuttingDown = true;
      const res = await request(app).get('/readyz');
      assert.equal(res.status, 503);
      assert.deepEqual(res.body, {
        status: 'not ready',
        reason: 'the connector is shutting down',
        checks: { store: { ok: true }, crm: { ok: true } },
      });
    });
  });

  describe('GET /metrics', () => {
    it('serves Prometheus text with the HTTP request histogram by route template', async () => {
      const built = buildTestApp();
      const { app } = built;
      const agent = await asAgent(built);
      await agent.get('/api/v1/records/Contact/CON-0001/numbers').expect(200);
      const res = await request(app).get('/metrics');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], PROMETHEUS_TYPE);
      assert.match(res.text, /^# HELP connector_http_request_duration_seconds /m);
      assert.match(
        res.text,
        /^connector_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/records\/:objectType\/:id\/numbers",status="200"\} 1$/m,
      );
      assert.ok(!res.text.includes('CON-0001'), 'record ids must not become metric labels');
    });

    it('counts resolutions by outcome', async () => {
      const built = buildTestApp();
      const { app } = built;
      const agent = await asAgent(built);
      await agent.post('/api/v1/resolve').send({ number: '(415) 555-2671' }).expect(200);
      await agent.post('/api/v1/resolve').send({ number: '+61 412 345 678' }).expect(200);
      await agent.post('/api/v1/resolve').send({ number: 'call me' }).expect(422);
      const res = await request(app).get('/metrics');
      assert.match(res.text, /^connector_number_resolutions_total\{outcome="dialable"\} 1$/m);
      assert.match(res.text, /^connector_number_resolutions_total\{outcome="refused"\} 1$/m);
      assert.match(res.text, /^connector_number_resolutions_total\{outcome="unusable"\} 1$/m);
    });

    it('counts CRM calls by operation and outcome when the adapter is instrumented', async () => {
      const built = buildTestApp({ instrument: true });
      const { app } = built;
      const agent = await asAgent(built);
      await agent.post('/api/v1/resolve').send({ number: '(415) 555-2671' }).expect(200);
      await agent.get('/api/v1/records/Contact/CON-0001/numbers').expect(200);
      const res = await request(app).get('/metrics');
      assert.match(res.text, /^connector_crm_requests_total\{crm="demo",operation="findByPhone",outcome="ok"\} 1$/m);
      assert.match(res.text, /^connector_crm_requests_total\{crm="demo",operation="getRecord",outcome="ok"\} 1$/m);
    });

    it("counts a failed CRM call under the failure's kind", async () => {
      const crm = new FakeCrm([]).failWith(new CrmError('rate-limited', 'limit', { crm: 'fake' }));
      const built = buildTestApp({ crm, instrument: true });
      const { app } = built;
      const agent = await asAgent(built);
      await agent.get('/api/v1/records/Contact/CON-0001/numbers').expect(503);
      await request(app).get('/readyz').expect(503);
      const res = await request(app).get('/metrics');
      assert.match(res.text, /^connector_crm_requests_total\{crm="fake",operation="getRecord",outcome="rate-limited"\} 1$/m);
      assert.match(res.text, /^connector_crm_requests_total\{crm="fake",operation="ping",outcome="rate-limited"\} 1$/m);
    });
  });
});
