import assert from 'node:assert/strict';
import request from 'supertest';
import { buildTestApp, closeTestApps } from './test-app.js';

const LIGHTNING = 'https://acme.lightning.force.com';
const NUMBERS = '/api/v1/records/Contact/CON-0001/numbers';

describe('CORS for a CRM page reading a record’s numbers (CORS_ORIGINS)', () => {
  afterEach(closeTestApps);

  it('lets a configured CRM origin read the numbers, without credentials', async () => {
    const { app } = buildTestApp({ corsOrigins: [LIGHTNING] });
    const res = await request(app).get(NUMBERS).set('Origin', LIGHTNING);
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], LIGHTNING);
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.match(String(res.headers.vary), /Origin/);
    assert.equal(res.body.record.name, 'Maria Gonzalez');
  });

  it('answers a configured origin’s preflight for GET only', async () => {
    const { app } = buildTestApp({ corsOrigins: [LIGHTNING] });
    const res = await request(app).options(NUMBERS).set('Origin', LIGHTNING).set('Access-Control-Request-Method', 'GET');
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], LIGHTNING);
    assert.equal(res.headers['access-control-allow-methods'], 'GET,HEAD');
  });

  it('gives any other origin no Access-Control-Allow-Origin, so its browser keeps the answer from it', async () => {
    const { app } = buildTestApp({ corsOrigins: [LIGHTNING] });
    for (const origin of ['https://evil.example.com', 'https://acme.lightning.force.com.evil.example.com', 'null']) {
      const res = await request(app).get(NUMBERS).set('Origin', origin);
      assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
    }
    const unconfigured = buildTestApp().app;
    assert.equal((await request(unconfigured).get(NUMBERS).set('Origin', LIGHTNING)).headers['access-control-allow-origin'], undefined);
  });

  it('opens no other route cross-origin: the agent’s own calls stay same-origin', async () => {
    const { app } = buildTestApp({ corsOrigins: [LIGHTNING] });
    const res = await request(app).get('/api/v1/records/Contact/CON-0001/calls').set('Origin', LIGHTNING);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    const resolve = await request(app).options('/api/v1/resolve').set('Origin', LIGHTNING).set('Access-Control-Request-Method', 'POST');
    assert.equal(resolve.headers['access-control-allow-origin'], undefined);
  });
});
