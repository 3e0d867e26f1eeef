import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import { agentEventsRoutes } from '../../connector/src/http/agent-events-routes.js';
import type { AgentPush } from '../../connector/src/push/agent-push.js';
import { LocalAgentPush } from '../../connector/src/push/local-agent-push.js';
import { PgAgentPush } from '../../connector/src/push/pg-agent-push.js';
import { agentFixture } from '../support/agent-fixture.js';
import { createTestSchema } from '../support/postgres.js';
import { EventStream, listeningConnector, type ListeningConnector } from './event-stream-kit.js';
import { FakeCrm, fakeRecord } from './fake-crm.js';

const PASSWORD = 'vq7-Lamp-Orbit-29-Quill';
const SIP = { username: '1001', password: PASSWORD };
const POLICY = { allowedCountries: ['US'], blockPremiumRate: true, blockSharedCost: true, limits: { callsPerMinute: 5, callsPerDay: 100, concurrentCalls: 2 } };

/** A local channel that counts every subscription ever made. */
class CountingPush extends LocalAgentPush {
  subscribed = 0;

  override subscribe(...args: Parameters<LocalAgentPush['subscribe']>): () => void {
    this.subscribed += 1;
    return super.subscribe(...args);
  }
}

/** Resolves once `check` holds, asking again on each turn of the event loop; rejects after `ms`. */
async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function ringing(callId: string, direction: 'inbound' | 'outbound', from: string) {
  return { eventId: randomUUID(), callId, occurredAt: new Date().toISOString(), type: 'ringing', direction, from, to: 'sip:maria@pbx.example.test', record: null };
}

describe('GET /api/v1/agent/events: what the connector pushes to signed-in widgets', function () {
  this.timeout(20_000);
  const pushes: AgentPush[] = [];
  const connectors: ListeningConnector[] = [];
  const streams: EventStream[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  async function connector(options: { push?: AgentPush; crm?: FakeCrm; sessionTokens?: SessionTokens } = {}): Promise<ListeningConnector & { push: AgentPush }> {
    const push = options.push ?? new LocalAgentPush();
    pushes.push(push);
    const started = await listeningConnector({ ...options, push });
    connectors.push(started);
    return { ...started, push };
  }

  async function stream(c: ListeningConnector, token: string | null): Promise<EventStream> {
    const opened = await EventStream.open(c.baseUrl, token);
    streams.push(opened);
    return opened;
  }

  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    for (const push of pushes.splice(0)) await push.close();
    for (const c of connectors.splice(0)) await c.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('refuses a widget without a session token, or with one this connector did not issue (401)', async () => {
    const c = await connector();
    for (const token of [null, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXJpYSJ9.forged-signature-000']) {
      const s = await stream(c, token);
      assert.equal(s.response.status, 401);
      assert.equal((await s.response.json()).error.code, 'UNAUTHENTICATED');
    }
    assert.equal(c.push.subscriberCount, 0);
  });

  it('answers a stream no cache or proxy holds back, opening with a comment before any message', async () => {
    const c = await connector();
    const s = await stream(c, await c.agent('maria'));
    assert.equal(s.response.status, 200);
    assert.equal(s.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(s.response.headers.get('cache-control'), 'no-store');
    assert.equal(s.response.headers.get('x-accel-buffering'), 'no');
    await c.push.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await s.next(), { type: 'settings-changed' });
    assert.deepEqual(s.comments, ['connected']);
  });

  it('tells the widget its session ended when an admin disables the agent, ends the stream, and refuses its reconnect (403)', async () => {
    const c = await connector();
    const token = await c.agent('maria');
    const s = await stream(c, token);
    assert.equal((await c.admin('PATCH', '/agents/maria', { disabled: true })).status, 200);
    assert.deepEqual(await s.next(), { type: 'session-ended', reason: 'disabled' });
    await s.ended;
    assert.equal(c.push.subscriberCount, 0);
    const again = await stream(c, token);
    assert.equal(again.response.status, 403);
    assert.equal((await again.response.json()).error.code, 'AGENT_DISABLED');
  });

  it('ends the stream right after `session-ended`: nothing sent to the agent later reaches it, and its token is refused (401)', async () => {
    const c = await connector();
    const token = await c.agent('maria');
    const [ended, other] = [await stream(c, token), await stream(c, await c.agent('oliver'))];
    assert.ok((await c.admin('POST', '/agents/maria/sign-out')).status < 300);
    assert.deepEqual(await ended.next(), { type: 'session-ended', reason: 'sessions-ended' });
    await ended.ended;
    await c.push.publish('maria', { type: 'screen-pop', callId: 'in-9@pbx', number: '+1 415 555 2671', matches: [] });
    await c.push.publish('oliver', { type: 'settings-changed' });
    assert.deepEqual(await other.next(), { type: 'settings-changed' }, 'the channel delivered what came after');
    assert.deepEqual(ended.messages, [{ type: 'session-ended', reason: 'sessions-ended' }]);
    assert.equal(c.push.subscriberCount, 1, 'only oliver’s stream is subscribed');
    const again = await stream(c, token);
    assert.equal(again.response.status, 401);
    assert.equal((await again.response.json()).error.code, 'SESSION_EXPIRED');
  });

  it('tells the agent’s other widgets when it signs out itself (`signed-out`), and ends their streams', async () => {
    const c = await connector();
    const token = await c.agent('maria');
    const otherTab = await stream(c, token);
    const res = await fetch(`${c.baseUrl}/api/v1/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 204);
    assert.deepEqual(await otherTab.next(), { type: 'session-ended', reason: 'signed-out' });
    await otherTab.ended;
  });

  it('keeps no subscription for a widget that hung up while its session was being checked', async () => {
    const push = new CountingPush();
    const c = await connector({ push });
    const token = await c.agent('maria');
    let release = () => {};
    let asked = () => {};
    const storeAsked = new Promise<void>((resolve) => (asked = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const agentById = c.store.agentById.bind(c.store);
    c.store.agentById = async (id) => {
      asked();
      await gate;
      return agentById(id);
    };
    let socket: Socket | null = null;
    // First, before Express rewrites the URL as it routes.
    c.server.prependListener('request', (req: IncomingMessage) => {
      if (req.url === '/api/v1/agent/events') socket = req.socket;
    });
    const abort = new AbortController();
    const pending = fetch(`${c.baseUrl}/api/v1/agent/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }).catch(() => null);
    await storeAsked;
    abort.abort();
    await pending;
    await until(async () => socket?.destroyed === true);
    release();
    await until(async () => push.subscribed === 1);
    assert.equal(push.subscriberCount, 0);
  });

  it('counts the streams open on this instance in connector_push_streams', async () => {
    const c = await connector();
    const token = await c.agent('maria');
    const gauge = async () => /^connector_push_streams (\d+)$/m.exec(await (await fetch(`${c.baseUrl}/metrics`)).text())?.[1];
    assert.equal(await gauge(), '0');
    const [s1] = [await stream(c, token), await stream(c, token)];
    assert.equal(await gauge(), '2');
    s1.close();
    await until(async () => (await gauge()) === '1');
  });

  it('says why each admin action ended the sessions: deleted, signed out, new sign-in key, role or CRM user changed', async () => {
    const c = await connector();
    const cases: [string, () => Promise<{ status: number }>, string][] = [
      ['a1', () => c.admin('POST', '/agents/a1/sign-out'), 'sessions-ended'],
      ['a2', () => c.admin('POST', '/agents/a2/sign-in-key'), 'sign-in-key-reset'],
      ['a3', () => c.admin('PATCH', '/agents/a3', { role: 'admin' }), 'role-changed'],
      ['a4', () => c.admin('PATCH', '/agents/a4', { crmUserId: '005xx0000012345' }), 'crm-user-changed'],
      ['a5', () => c.admin('DELETE', '/agents/a5'), 'deleted'],
    ];
    for (const [id, act, reason] of cases) {
      const s = await stream(c, await c.agent(id));
      assert.ok((await act()).status < 300);
      assert.deepEqual(await s.next(), { type: 'session-ended', reason }, id);
    }
  });

  it('tells the agent to read its settings again after a profile or SIP change, and never tells another agent', async () => {
    const c = await connector();
    const maria = await stream(c, await c.agent('maria'));
    const oliver = await stream(c, await c.agent('oliver'));
    // Oliver's change first: had it reached Maria, it would be the first thing her stream shows.
    assert.equal((await c.admin('PATCH', '/agents/oliver', { name: 'Oliver T.' })).status, 200);
    assert.equal((await c.admin('PUT', '/agents/maria/sip', SIP)).status, 200);
    assert.equal((await c.admin('PUT', '/agents/maria/sip', { ...SIP, password: `${PASSWORD}-2` })).status, 200);
    assert.equal((await c.admin('PATCH', '/agents/maria', { callerId: '+14155550100' })).status, 200);
    assert.equal((await c.admin('DELETE', '/agents/maria/sip')).status, 204);
    for (let n = 0; n < 4; n++) assert.deepEqual(await maria.next(), { type: 'settings-changed' });
    assert.deepEqual(await oliver.next(), { type: 'settings-changed' });
    await c.push.publish('oliver', { type: 'session-ended', reason: 'deleted' });
    assert.deepEqual(await oliver.next(), { type: 'session-ended', reason: 'deleted' }, 'oliver heard nothing of maria’s changes before this');
  });

  it('pushes nothing when the tenant policy is saved or reset: the widgets’ settings hold no policy', async () => {
    const c = await connector();
    const maria = await stream(c, await c.agent('maria'));
    assert.equal((await c.admin('PUT', '/policy', POLICY)).status, 200);
    assert.equal((await c.admin('DELETE', '/policy')).status, 200);
    await c.push.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await maria.next(), { type: 'settings-changed' });
    assert.deepEqual(maria.messages, [{ type: 'settings-changed' }], 'the first message to arrive is the one published after');
  });

  it('pops the caller of an inbound call reported ringing in every widget of the agent, once, with the CRM’s records', async () => {
    const crm = new FakeCrm([
      fakeRecord({ id: 'CON-7', name: 'Maria Gonzalez', phones: [{ field: 'Phone', label: 'Phone', value: '(415) 555-2671' }] }),
    ]);
    const c = await connector({ crm });
    const token = await c.agent('maria');
    const [tab1, tab2] = [await stream(c, token), await stream(c, token)];
    const post = async (events: unknown[]) => {
      const res = await fetch(`${c.baseUrl}/api/v1/calls/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      assert.equal(res.status, 202);
    };
    const inbound = ringing('in-1@pbx', 'inbound', '+14155552671');
    await post([ringing('out-1@pbx', 'outbound', 'sip:maria@pbx.example.test'), inbound]);
    const pop = { type: 'screen-pop', callId: 'in-1@pbx', number: '+1 415 555 2671', matches: [{ objectType: 'Contact', id: 'CON-7', name: 'Maria Gonzalez' }] };
    assert.deepEqual(await tab1.next(), pop);
    assert.deepEqual(await tab2.next(), pop);
    // The widget's retry of the same report pops nothing again; a caller nobody holds pops with no match.
    await post([inbound]);
    await post([ringing('in-2@pbx', 'inbound', '+14155550000')]);
    assert.deepEqual(await tab1.next(), { type: 'screen-pop', callId: 'in-2@pbx', number: '+1 415 555 0000', matches: [] });
  });

  it('ends the stream when its session token expires, and refuses that token for the next one', async () => {
    const sessionTokens = new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: 2, maxAgeS: 60 });
    const c = await connector({ sessionTokens });
    const token = await c.agent('maria');
    const opened = Date.now();
    const s = await stream(c, token);
    assert.equal(s.response.status, 200);
    await s.ended;
    const lasted = Date.now() - opened;
    assert.ok(lasted >= 500 && lasted < 3000, `the stream lasted ${lasted} ms, until the token's expiry`);
    assert.equal(c.push.subscriberCount, 0);
    const again = await stream(c, token);
    assert.equal(again.response.status, 401);
    assert.equal((await again.response.json()).error.code, 'SESSION_EXPIRED');
  });

  it('sends a comment every few seconds (here every 40 ms) so proxies and load balancers keep the stream open', async () => {
    const push = new LocalAgentPush();
    pushes.push(push);
    const app = express();
    app.use((_req, res, next) => {
      res.locals.agent = agentFixture();
      res.locals.session = { agentId: 'maria', expiresAt: Date.now() + 60_000 };
      next();
    });
    app.use('/api/v1', agentEventsRoutes({ push, keepAliveMs: 40 }));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const s = await stream({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } as ListeningConnector, 'unused');
    assert.equal(s.response.status, 200);
    const opened = Date.now();
    await s.until((stream) => stream.comments.length >= 4);
    assert.deepEqual(s.comments.slice(0, 4), ['connected', 'keep-alive', 'keep-alive', 'keep-alive']);
    assert.ok(Date.now() - opened >= 100, 'three comments 40 ms apart took at least 100 ms');
  });

  it('ends every open stream when the channel closes (shutdown), so the server can close', async () => {
    const c = await connector();
    const s = await stream(c, await c.agent('maria'));
    await c.push.close();
    await s.ended;
    connectors.splice(connectors.indexOf(c), 1);
    // No connection is forced shut: the server closes because the streams ended.
    await new Promise<void>((resolve, reject) => c.server.close((error) => (error ? reject(error) : resolve())));
    await c.store.close();
  });

  it('drops the subscription when the widget hangs up', async () => {
    const c = await connector();
    const token = await c.agent('maria');
    const [s1, s2] = [await stream(c, token), await stream(c, token)];
    await c.push.publish('maria', { type: 'settings-changed' });
    await Promise.all([s1.next(), s2.next()]);
    const subscribers = (): number => c.push.subscriberCount;
    const until = async (count: number) => {
      const deadline = Date.now() + 3000;
      while (subscribers() !== count && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(subscribers(), count);
    };
    await until(2);
    s1.close();
    await until(1);
    s2.close();
    await until(0);
  });

  it('reaches a widget connected to another instance: what an admin does on A arrives on B’s stream (PostgreSQL)', async () => {
    const schema = await createTestSchema('events');
    cleanups.push(() => schema.drop());
    const a = await connector({ push: await PgAgentPush.open({ url: schema.url, schema: schema.schema }) });
    const b = await connector({ push: await PgAgentPush.open({ url: schema.url, schema: schema.schema }) });
    // Separate stores here: the channel is what is under test, so the agent exists on both.
    await a.agent('maria');
    const onB = await stream(b, await b.agent('maria'));
    assert.equal((await a.admin('PUT', '/agents/maria/sip', SIP)).status, 200);
    assert.equal((await a.admin('PATCH', '/agents/maria', { disabled: true })).status, 200);
    assert.deepEqual(await onB.next(), { type: 'settings-changed' });
    assert.deepEqual(await onB.next(), { type: 'session-ended', reason: 'disabled' });
  });
});
