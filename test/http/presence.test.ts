import assert from 'node:assert/strict';
import request from 'supertest';
import { PRESENCE_TTL_MS } from '../../connector/src/services/widget-presence.js';
import { asAgent, buildTestApp, closeTestApps, type TestApp } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const WIDGET = 'w-3f9a1c2e7b';

describe('widget presence', () => {
  let testApp: TestApp;
  const adminGet = (path: string) => request(testApp.app).get(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`);

  beforeEach(() => {
    testApp = buildTestApp({ adminToken: ADMIN });
  });
  afterEach(closeTestApps);

  describe('POST /api/v1/agent/presence', () => {
    it('stores the report as the signed-in agent’s and answers 204', async () => {
      const maria = await asAgent(testApp, 'maria');
      const before = Date.now();
      const res = await maria.post('/api/v1/agent/presence').send({ widgetId: WIDGET, registration: 'registered', host: 'salesforce' });
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      const [report, ...others] = await testApp.store.presenceSince(before);
      assert.deepEqual(others, []);
      assert.deepEqual({ ...report, at: 0 }, { agentId: 'maria', widgetId: WIDGET, registration: 'registered', host: 'salesforce', at: 0 });
      assert.ok(report!.at >= before && report!.at <= Date.now());
    });

    it('needs a session', async () => {
      const res = await request(testApp.app).post('/api/v1/agent/presence').send({ widgetId: WIDGET, registration: 'registered', host: 'page' });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
      assert.deepEqual(await testApp.store.presenceSince(0), []);
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ['a short widget id', { widgetId: 'abc', registration: 'registered', host: 'page' }, 'body.widgetId must be 8 to 64 letters, digits, - or _'],
      ['a widget id with a slash', { widgetId: 'abcd/efgh', registration: 'registered', host: 'page' }, 'body.widgetId must be 8 to 64 letters, digits, - or _'],
      ['an unknown registration', { widgetId: WIDGET, registration: 'online', host: 'page' }, 'body.registration must be "registered", "connecting", "unregistered" or "failed"'],
      ['an unknown host', { widgetId: WIDGET, registration: 'failed', host: 'zendesk' }, 'body.host must be "salesforce", "hubspot" or "page"'],
      ['a missing field', { widgetId: WIDGET, host: 'page' }, 'body.registration must be "registered", "connecting", "unregistered" or "failed"'],
      ['an agent id in the body', { widgetId: WIDGET, registration: 'registered', host: 'page', agentId: 'omar' }, 'The request body has fields the API does not know (agentId); send only widgetId, registration and host'],
    ];
    for (const [what, body, message] of invalid) {
      it(`refuses ${what} with 400 VALIDATION_FAILED`, async () => {
        const maria = await asAgent(testApp, 'maria');
        const res = await maria.post('/api/v1/agent/presence').send(body);
        assert.equal(res.status, 400);
        assert.deepEqual([res.body.error.code, res.body.error.message], ['VALIDATION_FAILED', message]);
        assert.deepEqual(await testApp.store.presenceSince(0), []);
      });
    }
  });

  describe('in the admin API’s agent views', () => {
    it('shows each agent’s widgets heard from within the TTL, registered when any of them is', async () => {
      const maria = await asAgent(testApp, 'maria');
      await asAgent(testApp, 'omar');
      await asAgent(testApp, 'lee');
      const now = Date.now();
      // A tab closed long ago, not heard from within the TTL, and one of lee's that is just as stale.
      await testApp.store.reportPresence({ agentId: 'maria', widgetId: 'w-old-tab-1', registration: 'registered', host: 'page', at: now - PRESENCE_TTL_MS - 5000 });
      await testApp.store.reportPresence({ agentId: 'lee', widgetId: 'w-lee-tab-1', registration: 'registered', host: 'page', at: now - PRESENCE_TTL_MS - 5000 });
      await testApp.store.reportPresence({ agentId: 'omar', widgetId: 'w-omar-tab1', registration: 'connecting', host: 'hubspot', at: now - 10_000 });
      await maria.post('/api/v1/agent/presence').send({ widgetId: 'w-maria-sf1', registration: 'failed', host: 'salesforce' }).expect(204);
      await maria.post('/api/v1/agent/presence').send({ widgetId: 'w-maria-pg1', registration: 'registered', host: 'page' }).expect(204);

      const res = await adminGet('/agents');
      assert.equal(res.status, 200);
      const presence = Object.fromEntries(res.body.agents.map((a: { id: string; presence: unknown }) => [a.id, a.presence]));
      assert.equal(presence.maria.registered, true);
      assert.deepEqual(presence.maria.widgets.map((w: { widgetId: string }) => w.widgetId).sort(), ['w-maria-pg1', 'w-maria-sf1']);
      const sf = presence.maria.widgets.find((w: { widgetId: string }) => w.widgetId === 'w-maria-sf1');
      assert.deepEqual({ ...sf, lastSeenAt: null }, { widgetId: 'w-maria-sf1', registration: 'failed', host: 'salesforce', lastSeenAt: null });
      assert.ok(Date.parse(presence.maria.lastSeenAt) >= now);
      assert.deepEqual(presence.omar, {
        registered: false,
        lastSeenAt: new Date(now - 10_000).toISOString(),
        widgets: [{ widgetId: 'w-omar-tab1', registration: 'connecting', host: 'hubspot', lastSeenAt: new Date(now - 10_000).toISOString() }],
      });
      assert.deepEqual(presence.lee, { registered: false, lastSeenAt: null, widgets: [] });

      const one = await adminGet('/agents/omar');
      assert.deepEqual(one.body.agent.presence, presence.omar);
    });

    it('follows a widget’s latest report: a registration lost is shown lost', async () => {
      const maria = await asAgent(testApp, 'maria');
      await maria.post('/api/v1/agent/presence').send({ widgetId: WIDGET, registration: 'registered', host: 'page' }).expect(204);
      assert.equal((await adminGet('/agents/maria')).body.agent.presence.registered, true);
      await maria.post('/api/v1/agent/presence').send({ widgetId: WIDGET, registration: 'unregistered', host: 'page' }).expect(204);
      const presence = (await adminGet('/agents/maria')).body.agent.presence;
      assert.equal(presence.registered, false);
      assert.deepEqual(presence.widgets.map((w: { registration: string }) => w.registration), ['unregistered']);
    });

    it('reads presence once per request, however many agents', async () => {
      for (const id of ['a1', 'a2', 'a3', 'a4']) await asAgent(testApp, id);
      let reads = 0;
      const presenceSince = testApp.store.presenceSince.bind(testApp.store);
      testApp.store.presenceSince = (since) => {
        reads += 1;
        return presenceSince(since);
      };
      const res = await adminGet('/agents');
      assert.equal(res.body.agents.length, 4);
      assert.equal(reads, 1);
    });
  });
});
