import assert from 'node:assert/strict';
import request from 'supertest';
import { CrmError, type CrmErrorKind } from '../../connector/src/crm/crm-error.js';
import { ERROR_CATALOGUE } from '../../connector/src/errors/app-error.js';
import { FakeCrm } from './fake-crm.js';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE, type TestApp } from './test-app.js';

const INTERNAL_DETAIL = 'POST https://internal-crm.corp.example/token as svc-cti failed';

function assertNoInternals(text: string): void {
  assert.ok(!text.includes('internal-crm'), `leaks the adapter's message: ${text}`);
  assert.ok(!text.includes('svc-cti'), `leaks the adapter's message: ${text}`);
  assert.ok(!/\bat .+:\d+:\d+/.test(text), `leaks a stack trace: ${text}`);
  assert.ok(!text.includes('stack'), `leaks a stack trace: ${text}`);
}

describe('errors', () => {
  afterEach(closeTestApps);

  describe('a CRM failure, answered with what the agent can do and never the adapter’s detail', () => {
    const cases: { kind: CrmErrorKind; status: number; code: keyof typeof ERROR_CATALOGUE; crmCode?: string }[] = [
      { kind: 'auth', status: 502, code: 'CRM_AUTH_FAILED', crmCode: 'INVALID_SESSION_ID' },
      { kind: 'rate-limited', status: 503, code: 'CRM_RATE_LIMITED', crmCode: 'REQUEST_LIMIT_EXCEEDED' },
      { kind: 'unavailable', status: 503, code: 'CRM_UNAVAILABLE' },
      { kind: 'timeout', status: 504, code: 'CRM_TIMEOUT' },
      { kind: 'bad-response', status: 502, code: 'CRM_BAD_RESPONSE' },
      { kind: 'bad-request', status: 502, code: 'CRM_REJECTED', crmCode: 'MALFORMED_QUERY' },
      { kind: 'not-found', status: 404, code: 'RECORD_NOT_FOUND' },
    ];
    for (const { kind, status, code, crmCode } of cases) {
      it(`answers ${status} ${code} when the CRM fails with ${kind}`, async () => {
        const details = crmCode ? { crm: 'fake', status: 500, crmCode } : { crm: 'fake', status: 500 };
        const crm = new FakeCrm([]).failWith(new CrmError(kind, INTERNAL_DETAIL, details));
        const res = await (await asAgent(buildTestApp({ crm })))
          .post('/api/v1/resolve')
          .send({ number: '204', recordId: 'CON-0001', objectType: 'Contact' });
        assert.equal(res.status, status);
        assert.equal(res.headers['content-type'], JSON_TYPE);
        assert.deepEqual(res.body, {
          error: { code, message: ERROR_CATALOGUE[code].message, crm: 'fake', ...(crmCode ? { crmCode } : {}) },
        });
        assert.equal(res.headers['retry-after'], kind === 'rate-limited' ? '60' : undefined);
        assertNoInternals(res.text);
      });
    }

    it('fails a reverse lookup the same way when the CRM search fails', async () => {
      const crm = new FakeCrm([]).failWith(new CrmError('timeout', INTERNAL_DETAIL, { crm: 'fake' }), ['findByPhone']);
      const res = await (await asAgent(buildTestApp({ crm }))).get('/api/v1/lookup?number=%2B14155552671');
      assert.equal(res.status, 504);
      assert.deepEqual(res.body, { error: { code: 'CRM_TIMEOUT', message: ERROR_CATALOGUE.CRM_TIMEOUT.message, crm: 'fake' } });
    });

    it('does not dial a typed number when the CRM cannot say whether its owner is Do-Not-Call', async () => {
      const crm = new FakeCrm([]).failWith(new CrmError('unavailable', INTERNAL_DETAIL, { crm: 'fake' }), ['findByPhone']);
      const res = await (await asAgent(buildTestApp({ crm }))).post('/api/v1/resolve').send({ number: '+1 415 555 2671' });
      assert.equal(res.status, 503);
      assert.equal(res.body.error.code, 'CRM_UNAVAILABLE');
    });

    it("logs the adapter's detail for the admin, at error level", async () => {
      const crm = new FakeCrm([]).failWith(new CrmError('auth', INTERNAL_DETAIL, { crm: 'fake' }));
      const built = buildTestApp({ crm });
      const { logs } = built;
      await (await asAgent(built)).get('/api/v1/records/Contact/CON-0001/numbers');
      const failed = logs.find((l) => l.msg === 'request failed');
      assert.ok(failed, 'no "request failed" log line');
      assert.equal(failed.level, 50);
      assert.equal(failed.code, 'CRM_AUTH_FAILED');
      assert.equal((failed.err as { message: string }).message, INTERNAL_DETAIL);
    });
  });

  describe('an unexpected error', () => {
    it('answers 500 INTERNAL with the generic message, nothing of the error, and logs it with its stack', async () => {
      const crm = new FakeCrm([]).failWith(new Error('boom secret'));
      const built = buildTestApp({ crm });
      const { logs } = built;
      const res = await (await asAgent(built)).post('/api/v1/resolve').send({ number: '204', recordId: 'CON-0001', objectType: 'Contact' });
      assert.equal(res.status, 500);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, { error: { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message } });
      assert.ok(!res.text.includes('boom'));
      assert.ok(!res.text.includes('secret'));
      assert.ok(!/\bat /.test(res.text), res.text);

      const failed = logs.find((l) => l.msg === 'request failed');
      assert.ok(failed, 'the error must be logged');
      assert.equal(failed.level, 50);
      assert.equal(failed.code, 'INTERNAL');
      assert.equal(failed.path, '/api/v1/resolve');
      const err = failed.err as { message: string; stack: string };
      assert.equal(err.message, 'boom secret');
      assert.match(err.stack, /^Error: boom secret\n\s+at /);
    });
  });

  describe('an unknown route', () => {
    for (const [method, path] of [
      ['get', '/api/v1/nope'],
      ['get', '/nope'],
      ['delete', '/healthz'],
    ] as const) {
      it(`answers ${method.toUpperCase()} ${path} with a JSON 404 that names the route`, async () => {
        const res = await request(buildTestApp().app)[method](path);
        assert.equal(res.status, 404);
        assert.equal(res.headers['content-type'], JSON_TYPE);
        assert.equal(res.body.error.code, 'ROUTE_NOT_FOUND');
        assert.equal(res.body.error.message, `There is no route ${method.toUpperCase()} ${path}; see the README for the API.`);
        assert.deepEqual(Object.keys(res.body.error), ['code', 'message']);
      });
    }

    it('answers a known route asked with the wrong method with 405 and the methods it takes', async () => {
      const res = await (await asAgent(buildTestApp())).get('/api/v1/resolve');
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, 'POST');
      assert.deepEqual(res.body, {
        error: { code: 'METHOD_NOT_ALLOWED', message: '/api/v1/resolve does not accept GET; use POST.' },
      });
      const del = await (await asAgent(buildTestApp())).delete('/api/v1/lookup?number=1');
      assert.equal(del.status, 405);
      assert.equal(del.headers.allow, 'GET, HEAD');
    });

    it('answers a URL that cannot be decoded with 400, not a 500 logged as a crash', async () => {
      const res = await (await asAgent(buildTestApp())).get('/api/v1/records/Contact/%E0%A4%A/numbers');
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        error: { code: 'BAD_REQUEST', message: 'The request URL or body could not be decoded; check its encoding.' },
      });
    });

    it('answers a POST with a JSON body to an unknown API route with a 404, not a 415 or 400', async () => {
      const res = await request(buildTestApp().app).post('/api/v1/dial').send({ number: '204' });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'ROUTE_NOT_FOUND');
    });

    it('does not serve the demo CRM’s pages when the connector runs on another CRM', async () => {
      const res = await request(buildTestApp({ crm: new FakeCrm([]) }).app).get('/');
      assert.equal(res.status, 404);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        error: { code: 'ROUTE_NOT_FOUND', message: 'There is no route GET /; see the README for the API.' },
      });
    });
  });

  describe('security headers', () => {
    for (const [name, send] of [
      ['a success', async (built: TestApp) => (await asAgent(built)).post('/api/v1/resolve').send({ number: '204' })],
      ['an error', async (built: TestApp) => request(built.app).get('/nope')],
      ['a refused sign-in', async (built: TestApp) => request(built.app).get('/api/v1/resolve')],
      ['a health check', async (built: TestApp) => request(built.app).get('/healthz')],
    ] as const) {
      it(`sends helmet's headers and no x-powered-by or etag on ${name}`, async () => {
        const res = await send(buildTestApp());
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.equal(res.headers['x-frame-options'], 'DENY');
        assert.match(String(res.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
        assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
        assert.equal(res.headers['x-powered-by'], undefined);
        assert.equal(res.headers.etag, undefined);
      });
    }
  });
});

describe('request logs', () => {
  afterEach(closeTestApps);

  it('name the full path a client asked for, without the query string that holds phone numbers', async () => {
    const built = buildTestApp();
    await (await asAgent(built)).get('/api/v1/lookup?number=%2B442079460958').expect(200);
    const entry = built.logs.find((l) => l.msg === 'request');
    assert.equal(entry?.path, '/api/v1/lookup');
    assert.equal(entry?.route, '/api/v1/lookup');
    assert.ok(!JSON.stringify(built.logs).includes('442079460958'), 'the caller’s number is not logged');
  });
});
