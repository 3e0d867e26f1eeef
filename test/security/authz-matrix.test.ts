import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { callLogFromRecord } from '../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../connector/src/domain/fold-call-events.js';
import { closeTestApps } from '../http/test-app.js';
import { answeredEvent, beacon, del, get, patch, post, put, sendAs, type MatrixRequest } from './support/matrix-request.js';
import {
  ADMIN_TOKEN,
  AGENTS,
  buildSecurityRig,
  CALLS,
  CRM_ORIGIN,
  PRINCIPALS,
  PUBLIC_URL,
  SIP_PASSWORDS,
  type PrincipalName,
  type SecurityRig,
} from './support/security-rig.js';
import { storeSnapshot } from './support/store-snapshot.js';

/** How the route guards itself: `open` routes answer alike whoever asks, so a refusal there says nothing of roles. */
type Guard = 'open' | 'session' | 'admin';

interface Row {
  readonly name: string;
  readonly req: MatrixRequest;
  readonly guard: Guard;
  /** One exact status per principal, in the order of {@link PRINCIPALS}. */
  readonly expected: readonly number[];
}

const NUMBER = '+14155552671';
const NEW_SIP = { username: '1001', password: 'Harbor-Nimbus-4821-Tundra' };
const DEAD_LEG = encodeURIComponent(callLegKey(AGENTS.a, CALLS.dead));
const POLICY = { allowedCountries: ['US', 'GB'], blockPremiumRate: true, blockSharedCost: false, limits: { callsPerMinute: 5, callsPerDay: 200, concurrentCalls: 2 } };
const row = (guard: Guard, req: MatrixRequest, expected: readonly number[]): Row => ({ name: `${req.method} ${req.path}`, req, guard, expected });
/** A session route: every session holder gets `ok`; the rest are refused. */
const session = (req: MatrixRequest, ok: number) => row('session', req, [401, ok, ok, ok, 401, 401, 403, 401, 401, 401]);
/** An admin route: the admin token and the admin agent get `ok`; agents 403; the rest are refused. */
const admin = (req: MatrixRequest, ok: number) => row('admin', req, [401, 403, 403, ok, ok, 401, 403, 401, 401, 401]);

const MATRIX: readonly Row[] = [
  //                                                                                        anon  A    B   admAg admTk keyA  dis  exp frgn  del
  row('open', get('/healthz'),                                                            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('open', get('/readyz'),                                                             [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('open', get('/metrics'),                                                            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('open', get('/widget/'),                                                            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('open', get('/api/v1/auth/methods'),                                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('open', post('/api/v1/auth/local', { key: 'k'.repeat(43) }),                        [401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
  row('open', post('/api/v1/auth/local', (r: SecurityRig) => ({ key: r.signInKeys[AGENTS.a] })), [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('open', get(`/auth/salesforce/start?return=${encodeURIComponent(PUBLIC_URL)}`),     [302, 302, 302, 302, 302, 302, 302, 302, 302, 302]),
  row('open', get(`/auth/hubspot/start?return=${encodeURIComponent(CRM_ORIGIN)}`),        [302, 302, 302, 302, 302, 302, 302, 302, 302, 302]),
  row('open', get('/auth/salesforce/callback?code=abc&state=forged-state-value'),         [401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
  row('open', get('/api/v1/no-such-route'),                                               [404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
  session(post('/api/v1/auth/refresh', {}), 200),
  session(post('/api/v1/auth/sign-out', {}), 204),
  session(get('/api/v1/agent/settings'), 200),
  session(post('/api/v1/resolve', { number: NUMBER }), 200),
  session(post('/api/v1/resolve', { number: NUMBER, purpose: 'dial' }), 200),
  session(get(`/api/v1/lookup?number=${encodeURIComponent(NUMBER)}`), 200),
  session(get('/api/v1/records/Contact/CON-0001/numbers'), 200),
  session(get('/api/v1/records/Contact/CON-0001/calls'), 200),
  session(post('/api/v1/calls/events', answeredEvent), 202),
  session(beacon(answeredEvent), 202),
  session(post('/api/v1/agent/presence', { widgetId: 'matrix-widget-01', registration: 'registered', host: 'page' }), 204),
  session(get('/api/v1/agent/no-such-route'), 404),
  row('session', get(`/api/v1/calls/${encodeURIComponent(CALLS.ofA)}/log`),              [401, 200, 404, 404, 401, 401, 403, 401, 401, 401]),
  row('session', get(`/api/v1/calls/${encodeURIComponent(CALLS.ofB)}/log`),              [401, 404, 200, 404, 401, 401, 403, 401, 401, 401]),
  admin(get('/api/v1/admin/agents'), 200),
  admin(post('/api/v1/admin/agents', { id: 'newcomer', name: 'Newcomer' }), 201),
  admin(get(`/api/v1/admin/agents/${AGENTS.a}`), 200),
  admin(get(`/api/v1/admin/agents/${AGENTS.b}`), 200),
  admin(patch(`/api/v1/admin/agents/${AGENTS.a}`, { role: 'admin' }), 200),
  admin(patch(`/api/v1/admin/agents/${AGENTS.b}`, { disabled: true }), 200),
  admin(del(`/api/v1/admin/agents/${AGENTS.b}`), 204),
  admin(post(`/api/v1/admin/agents/${AGENTS.a}/sign-in-key`), 200),
  admin(post(`/api/v1/admin/agents/${AGENTS.b}/sign-out`), 204),
  admin(put(`/api/v1/admin/agents/${AGENTS.a}/sip`, NEW_SIP), 200),
  admin(del(`/api/v1/admin/agents/${AGENTS.b}/sip`), 204),
  admin(post('/api/v1/admin/sip-passwords'), 200),
  admin(get('/api/v1/admin/outbox'), 200),
  admin(post(`/api/v1/admin/outbox/dead-letters/${DEAD_LEG}/replay`), 202),
  admin(get('/api/v1/admin/audit'), 200),
  admin(get('/api/v1/admin/usage?from=2026-01-01&to=2026-01-31&tz=Europe%2FLondon'), 200),
  admin(get('/api/v1/admin/calls.csv?from=2026-01-01&to=2026-01-31'), 200),
  admin(post('/api/v1/admin/exports/calls', { from: '2026-01-01', to: '2026-01-31', agent: [AGENTS.a] }), 201),
  // The download a link points at takes no bearer: its ticket is the credential, so whoever asks, a forged one is refused.
  row('open', get('/api/v1/admin/exports/calls.csv?ticket=eyJhbGciOiJIUzI1NiJ9.e30.forged-signature'), [401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
  admin(get('/api/v1/admin/policy'), 200),
  admin(put('/api/v1/admin/policy', POLICY), 200),
  admin(del('/api/v1/admin/policy'), 200),
  admin(post('/api/v1/admin/secrets/reseal', {}), 200),
  admin(get('/api/v1/admin/no-such-route'), 404),
];

/** The error code a refusal must carry, from who asked: an expired session, a disabled agent, or an agent not admin. */
function refusalCode(principal: PrincipalName, status: number): string {
  if (status === 401) return principal === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED';
  return principal === 'disabled' ? 'AGENT_DISABLED' : 'ADMIN_ONLY';
}

const statusClass = (status: number) => `${String(status)[0]}xx`;

describe('authorization matrix: every principal against every route', () => {
  let widgetDir: string;
  before(() => {
    widgetDir = mkdtempSync(path.join(tmpdir(), 'authz-widget-'));
    writeFileSync(path.join(widgetDir, 'index.html'), '<!doctype html><title>softphone</title>');
  });
  after(() => rmSync(widgetDir, { recursive: true, force: true }));
  afterEach(closeTestApps);

  it('answers each cell with exactly the status of the table, and a refused request changes nothing', async function () {
    this.timeout(180_000);
    const surprises: string[] = [];
    const classes = new Map<string, number>();
    let refused = 0;
    for (const { name, req, guard, expected } of MATRIX) {
      for (const [column, principal] of PRINCIPALS.entries()) {
        // A fresh app per cell: a cell that signs out, deletes or re-keys an agent must not decide the next one.
        const rig = await buildSecurityRig({ widgetDir });
        const before = await storeSnapshot(rig.store);
        const res = await sendAs(rig, req, rig.credential[principal]);
        const after = await storeSnapshot(rig.store);
        await closeTestApps();
        const want = expected[column]!;
        classes.set(statusClass(res.status), (classes.get(statusClass(res.status)) ?? 0) + 1);
        const cell = `${name} as ${principal}`;
        if (res.status !== want) {
          surprises.push(`${cell}: ${res.status} (expected ${want}) ${res.text.slice(0, 160)}`);
          continue;
        }
        if (res.status < 400) continue;
        refused++;
        if (after !== before) surprises.push(`${cell}: refused with ${res.status} but changed the store`);
        if (guard !== 'open' && (res.status === 401 || res.status === 403)) {
          const code = (res.body as { error?: { code?: string } }).error?.code;
          if (code !== refusalCode(principal, res.status)) surprises.push(`${cell}: error code ${code} (expected ${refusalCode(principal, res.status)})`);
          if (code === 'UNAUTHENTICATED' && !/^Bearer realm="/.test(res.headers['www-authenticate'] ?? '')) {
            surprises.push(`${cell}: 401 without a Bearer WWW-Authenticate header`);
          }
        }
      }
    }
    const cells = MATRIX.length * PRINCIPALS.length;
    const byClass = [...classes].sort().map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`      matrix: ${MATRIX.length} routes x ${PRINCIPALS.length} principals = ${cells} requests (${byClass}; ${refused} refused), ${surprises.length} surprises`);
    assert.deepEqual(surprises, []);
  });

  describe('own and other agents’ resources', () => {
    it('does not tell agent B whether agent A’s call is logged: 404, as for a call nobody made', async () => {
      const rig = await buildSecurityRig();
      const status = (principal: PrincipalName, callId: string) =>
        request(rig.app).get(`/api/v1/calls/${encodeURIComponent(callId)}/log`).set('Authorization', `Bearer ${rig.credential[principal]}`);
      assert.equal((await status('agentA', CALLS.ofA)).status, 200);
      const other = await status('agentB', CALLS.ofA);
      const nobody = await status('agentB', 'never-made@pbx.example.test');
      assert.equal(other.status, 404);
      assert.equal(other.body.error.code, 'CALL_NOT_FOUND');
      assert.deepEqual(Object.keys(other.body.error).sort(), Object.keys(nobody.body.error).sort(), 'the same answer shape as for no call at all');
    });

    it('files the events agent B posts under A’s Call-ID on B’s own leg, leaving A’s call as it was', async () => {
      const rig = await buildSecurityRig();
      const legOfA = callLegKey(AGENTS.a, CALLS.ofA);
      const before = await rig.store.callEvents(legOfA);
      const event = (type: string, n: number) => ({ eventId: `b-evt-${n}`, callId: CALLS.ofA, occurredAt: new Date().toISOString(), type });
      const json = await request(rig.app)
        .post('/api/v1/calls/events')
        .set('Authorization', `Bearer ${rig.credential.agentB}`)
        .send({ events: [event('answered', 1), { ...event('ended', 2), cause: 'hangup' }] });
      assert.equal(json.status, 202, json.text);
      const viaBeacon = await request(rig.app)
        .post('/api/v1/calls/events/beacon')
        .set('Content-Type', 'text/plain;charset=UTF-8')
        .send(JSON.stringify({ token: rig.credential.agentB, events: [event('held', 3)] }));
      assert.equal(viaBeacon.status, 202, viaBeacon.text);

      assert.deepEqual(await rig.store.callEvents(legOfA), before, 'A’s leg is unchanged');
      const legOfB = await rig.store.callEvents(callLegKey(AGENTS.b, CALLS.ofA));
      assert.deepEqual(legOfB.map((e) => [e.eventId, e.agentId]).sort(), [['b-evt-1', AGENTS.b], ['b-evt-2', AGENTS.b], ['b-evt-3', AGENTS.b]]);
    });

    it('lists on a record only the agent’s own calls, and every agent’s to an admin', async () => {
      const rig = await buildSecurityRig();
      for (const [agent, callId] of [[AGENTS.a, CALLS.ofA], [AGENTS.b, CALLS.ofB]] as const) {
        const leg = callLegKey(agent, callId);
        const record = foldCallEvents(await rig.store.callEvents(leg))!;
        await rig.store.saveFold({ callId: leg, version: 3, record, log: { ...callLogFromRecord(record, null)!, callId: leg }, now: Date.now() });
      }
      const callsSeenBy = async (principal: PrincipalName) => {
        const res = await request(rig.app).get('/api/v1/records/Contact/CON-0001/calls').set('Authorization', `Bearer ${rig.credential[principal]}`);
        assert.equal(res.status, 200, res.text);
        return (res.body.calls as { agentId: string; callId: string }[]).map((call) => `${call.agentId}:${call.callId}`).sort();
      };
      assert.deepEqual(await callsSeenBy('agentA'), [`${AGENTS.a}:${CALLS.dead}`, `${AGENTS.a}:${CALLS.ofA}`].sort());
      assert.deepEqual(await callsSeenBy('agentB'), [`${AGENTS.b}:${CALLS.ofB}`]);
      assert.deepEqual(await callsSeenBy('adminAgent'), [`${AGENTS.a}:${CALLS.dead}`, `${AGENTS.a}:${CALLS.ofA}`, `${AGENTS.b}:${CALLS.ofB}`].sort());
    });

    it('refuses an event that names its agent, rather than filing it under anyone', async () => {
      const rig = await buildSecurityRig();
      const res = await request(rig.app)
        .post('/api/v1/calls/events')
        .set('Authorization', `Bearer ${rig.credential.agentB}`)
        .send({ events: [{ eventId: 'spoof-1', callId: CALLS.ofA, agentId: AGENTS.a, occurredAt: new Date().toISOString(), type: 'answered' }] });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal((await rig.store.callEvents(callLegKey(AGENTS.a, CALLS.ofA))).some((e) => e.eventId === 'spoof-1'), false);
    });

    it('gives each agent its own SIP password in its settings, never another’s', async () => {
      const rig = await buildSecurityRig();
      const settings = async (principal: PrincipalName) =>
        (await request(rig.app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${rig.credential[principal]}`).expect(200)).body;
      const a = await settings('agentA');
      const b = await settings('agentB');
      assert.deepEqual([a.agent.id, a.sip.authorizationPassword], [AGENTS.a, SIP_PASSWORDS[AGENTS.a]]);
      assert.deepEqual([b.agent.id, b.sip.authorizationPassword], [AGENTS.b, SIP_PASSWORDS[AGENTS.b]]);
      const boss = await settings('adminAgent');
      assert.equal(boss.sip, null, 'an admin has no access to agents’ passwords through its own settings');
    });

    it('does not let an agent make itself an admin, or change anyone else', async () => {
      const rig = await buildSecurityRig();
      const as = (body: object, id: string) =>
        request(rig.app).patch(`/api/v1/admin/agents/${id}`).set('Authorization', `Bearer ${rig.credential.agentA}`).send(body);
      assert.equal((await as({ role: 'admin' }, AGENTS.a)).status, 403);
      assert.equal((await as({ disabled: true }, AGENTS.b)).status, 403);
      assert.equal((await rig.store.agentById(AGENTS.a))?.role, 'agent');
      assert.equal((await rig.store.agentById(AGENTS.b))?.disabled, false);
    });

    it('lets an admin-role agent manage agents, and audits it under that agent’s name', async () => {
      const rig = await buildSecurityRig();
      const boss = (method: 'post' | 'patch' | 'delete', url: string) =>
        request(rig.app)[method](`/api/v1/admin${url}`).set('Authorization', `Bearer ${rig.credential.adminAgent}`);
      const created = await boss('post', '/agents').send({ id: 'hire', name: 'New Hire', sip: { username: '1009', password: NEW_SIP.password } });
      assert.equal(created.status, 201, created.text);
      assert.equal((await boss('patch', '/agents/hire').send({ team: 'Night shift' })).status, 200);
      assert.equal((await boss('post', '/agents/hire/sign-in-key')).status, 200);
      assert.equal((await boss('delete', '/agents/hire')).status, 204);
      const audit = await rig.store.auditLog({ limit: 10 });
      assert.deepEqual(
        audit.filter((e) => e.target === 'hire').map((e) => [e.actor, e.action]).reverse(),
        [['agent:boss', 'agent.create'], ['agent:boss', 'agent.update'], ['agent:boss', 'agent.sign-in-key.reset'], ['agent:boss', 'agent.delete']],
      );
      assert.equal((await request(rig.app).get('/api/v1/admin/agents').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).status, 200);
    });
  });
});
