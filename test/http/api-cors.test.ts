import assert from 'node:assert/strict';
import express, { type Express } from 'express';
import request from 'supertest';
import { agentApiCors } from '../../connector/src/http/api-cors.js';

const LIGHTNING = 'https://acme.lightning.force.com';
const HUBSPOT = 'https://app.hubspot.com';
const NUMBERS = '/api/v1/records/Contact/CON-0001/numbers';

/** The agent API behind the CORS allow-list, as the connector mounts it; `reached` lists the routes that ran. */
function api(crmOrigins: readonly string[]): { app: Express; reached: string[] } {
  const reached: string[] = [];
  const app = express();
  const agent = express.Router();
  agent.use(agentApiCors(crmOrigins));
  agent.get('/records/:type/:id/numbers', (req, res) => {
    reached.push(req.path);
    res.json({ record: { name: 'Maria Gonzalez' } });
  });
  agent.post('/resolve', (req, res) => {
    reached.push(req.path);
    res.json({ ok: true });
  });
  app.use('/api/v1', agent);
  return { app, reached };
}

describe('CORS for the agent API (CRM_ORIGINS)', () => {
  it('lets a configured CRM origin read an answer, without credentials, and says the answer varies by origin', async () => {
    const { app } = api([LIGHTNING, HUBSPOT]);
    for (const origin of [LIGHTNING, HUBSPOT]) {
      const res = await request(app).get(NUMBERS).set('Origin', origin);
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], origin);
      assert.equal(res.headers['access-control-allow-credentials'], undefined);
      assert.equal(res.headers['access-control-expose-headers'], 'Retry-After,RateLimit,RateLimit-Policy');
      assert.match(String(res.headers.vary), /Origin/);
      assert.equal(res.body.record.name, 'Maria Gonzalez');
    }
  });

  it('answers a configured origin’s preflight for GET and POST with the bearer token, cached ten minutes', async () => {
    const { app, reached } = api([LIGHTNING]);
    const res = await request(app)
      .options('/api/v1/resolve')
      .set('Origin', LIGHTNING)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], LIGHTNING);
    assert.equal(res.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(res.headers['access-control-allow-headers'], 'Authorization,Content-Type');
    assert.equal(res.headers['access-control-max-age'], '600');
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.deepEqual(reached, []);
  });

  it('gives any other origin no Access-Control-Allow-Origin, so its browser keeps the answer from it', async () => {
    const { app } = api([LIGHTNING]);
    for (const origin of ['https://evil.example.com', `${LIGHTNING}.evil.example.com`, 'http://acme.lightning.force.com', 'null', '*']) {
      const res = await request(app).get(NUMBERS).set('Origin', origin);
      assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
      assert.match(String(res.headers.vary), /Origin/, origin);
    }
    const unconfigured = api([]).app;
    assert.equal((await request(unconfigured).get(NUMBERS).set('Origin', LIGHTNING)).headers['access-control-allow-origin'], undefined);
  });

  it('stops another origin’s preflight with a bare 204, before the route runs', async () => {
    const { app, reached } = api([LIGHTNING]);
    const res = await request(app)
      .options('/api/v1/resolve')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization');
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    for (const header of Object.keys(res.headers)) assert.doesNotMatch(header, /^access-control-/, header);
    assert.deepEqual(reached, []);
  });

  it('leaves a same-origin request (no Origin header) alone', async () => {
    const { app } = api([LIGHTNING]);
    const res = await request(app).post('/api/v1/resolve').send({});
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });
});
