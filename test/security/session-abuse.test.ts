import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { closeTestApps } from '../http/test-app.js';
import {
  derivedSessionKey,
  jwtParts,
  sessionClaims,
  signToken,
  unsigned,
  withHeader,
  withPayload,
  withSignatureFlipped,
} from './support/forged-tokens.js';
import { ADMIN_TOKEN, AGENTS, buildSecurityRig, MAX_AGE_S, T0, TTL_S, type SecurityRig } from './support/security-rig.js';

type App = SecurityRig['app'];

const INVALID_TOKEN = 'Bearer realm="connector", error="invalid_token"';

const settings = (app: App, token: string) => request(app).get('/api/v1/agent/settings').set('Authorization', `Bearer ${token}`);
const adminAgents = (app: App, token: string) => request(app).get('/api/v1/admin/agents').set('Authorization', `Bearer ${token}`);
const refresh = (app: App, token: string) => request(app).post('/api/v1/auth/refresh').set('Authorization', `Bearer ${token}`).send({});
const signOut = (app: App, token: string) => request(app).post('/api/v1/auth/sign-out').set('Authorization', `Bearer ${token}`).send({});
const signIn = (app: App, key: string) => request(app).post('/api/v1/auth/local').send({ key });
const asAdmin = (app: App) => ({
  patch: (path: string, body: object) => request(app).patch(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(body),
  post: (path: string, body?: object) => request(app).post(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(body),
  delete: (path: string) => request(app).delete(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`),
});
let beaconCall = 0;
const beacon = (app: App, token: unknown) => {
  const callId = `beacon-${++beaconCall}@pbx.example.test`;
  const body = { token, events: [{ eventId: `beacon-evt-${beaconCall}`, callId, occurredAt: new Date().toISOString(), type: 'answered' }] };
  return { callId, req: request(app).post('/api/v1/calls/events/beacon').set('Content-Type', 'text/plain;charset=UTF-8').send(JSON.stringify(body)) };
};

describe('session abuse: expired, forged, tampered and replayed tokens', () => {
  let checked = 0;
  /** Asserts the answer is a refusal with this status and code, and counts it. */
  function refused(res: request.Response, status: number, code: string, what: string): void {
    checked++;
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.equal((res.body as { error?: { code?: string } }).error?.code, code, what);
  }
  afterEach(closeTestApps);
  after(() => console.log(`      session abuse: ${checked} expired, forged, tampered or replayed credentials refused`));

  describe('expiry', () => {
    it('accepts a session until its expiry plus 5 s of clock tolerance, and not a millisecond longer', async () => {
      const rig = await buildSecurityRig();
      const res = await signIn(rig.app, rig.signInKeys[AGENTS.a]!).expect(200);
      assert.equal(res.body.expiresAt, new Date(T0 + TTL_S * 1000).toISOString());
      const token = res.body.token as string;
      rig.clock.now = T0 + TTL_S * 1000 + 4_999;
      assert.equal((await settings(rig.app, token)).status, 200, 'within the tolerance');
      rig.clock.now = T0 + TTL_S * 1000 + 5_000;
      const expired = await settings(rig.app, token);
      refused(expired, 401, 'SESSION_EXPIRED', 'at expiry + 5 s');
      assert.match(expired.headers['www-authenticate'] ?? '', /error="invalid_token"/);
      refused(await refresh(rig.app, token), 401, 'SESSION_EXPIRED', 'refreshing an expired token');
      refused(await signOut(rig.app, token), 401, 'SESSION_EXPIRED', 'signing out with an expired token');
    });

    it('refreshes with the original sign-in time until the maximum age, then answers SESSION_EXPIRED', async () => {
      const rig = await buildSecurityRig();
      let token = (await signIn(rig.app, rig.signInKeys[AGENTS.a]!).expect(200)).body.token as string;
      const refreshUntil = new Date(T0 + MAX_AGE_S * 1000).toISOString();
      let refreshes = 0;
      for (let at = T0 + 800_000; at < T0 + MAX_AGE_S * 1000; at += 800_000) {
        rig.clock.now = at;
        const res = await refresh(rig.app, token);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.refreshUntil, refreshUntil, 'refreshing never extends the session’s life');
        assert.equal(jwtParts(res.body.token).payload.auth_time, T0 / 1000, 'the sign-in time is kept');
        assert.ok(Date.parse(res.body.expiresAt) <= T0 + MAX_AGE_S * 1000, 'no token outlives the maximum age');
        token = res.body.token as string;
        refreshes++;
      }
      assert.equal(refreshes, Math.floor((MAX_AGE_S * 1000 - 1) / 800_000));
      rig.clock.now = T0 + MAX_AGE_S * 1000;
      refused(await refresh(rig.app, token), 401, 'SESSION_EXPIRED', 'refreshing at the maximum age');
      rig.clock.now = T0 + MAX_AGE_S * 1000 + 5_000;
      refused(await settings(rig.app, token), 401, 'SESSION_EXPIRED', 'the last token after the maximum age');
    });
  });

  describe('forged and tampered tokens', () => {
    it('refuses a token whose header, payload or signature was changed, as invalid, on agent and admin routes', async () => {
      const rig = await buildSecurityRig();
      const a = rig.credential.agentA!;
      const boss = rig.credential.adminAgent!;
      assert.equal((await settings(rig.app, a)).status, 200, 'the untouched token works');
      const future = Math.floor(T0 / 1000) + 365 * 86_400;
      const tampered: Record<string, string> = {
        'header kid': withHeader(a, { kid: '0123456789abcdef' }),
        'header alg HS512': withHeader(a, { alg: 'HS512' }),
        'header alg RS256': withHeader(a, { alg: 'RS256' }),
        'header without kid': withHeader(a, { kid: undefined }),
        'header crit': withHeader(a, { crit: ['exp'] }),
        'payload sub of B': withPayload(a, { sub: AGENTS.b }),
        'payload sub of the admin agent': withPayload(a, { sub: AGENTS.boss, role: 'admin' }),
        'payload role admin': withPayload(a, { role: 'admin' }),
        'payload exp a year on': withPayload(a, { exp: future }),
        'payload without exp': withPayload(a, { exp: undefined }),
        'payload audience': withPayload(a, { aud: 'admin-api' }),
        'payload epoch': withPayload(a, { ep: 0 }),
        'signature flipped': withSignatureFlipped(a),
        'signature removed': a.split('.').slice(0, 2).join('.') + '.',
        'signature of another token': a.split('.').slice(0, 2).join('.') + '.' + boss.split('.')[2],
        'two parts': a.split('.').slice(0, 2).join('.'),
        'four parts': `${a}.${a.split('.')[2]}`,
        'the payload alone': a.split('.')[1]!,
      };
      for (const [what, token] of Object.entries(tampered)) {
        const agentRoute = await settings(rig.app, token);
        refused(agentRoute, 401, 'UNAUTHENTICATED', `${what} on an agent route`);
        assert.equal(agentRoute.headers['www-authenticate'], INVALID_TOKEN, what);
        refused(await adminAgents(rig.app, token), 401, 'UNAUTHENTICATED', `${what} on an admin route`);
      }
    });

    it('refuses unsecured tokens (alg none, in any spelling) everywhere a token is taken', async () => {
      const rig = await buildSecurityRig();
      const boss = rig.credential.adminAgent!;
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        const token = unsigned(boss, alg);
        refused(await settings(rig.app, token), 401, 'UNAUTHENTICATED', `alg ${alg} on an agent route`);
        refused(await adminAgents(rig.app, token), 401, 'UNAUTHENTICATED', `alg ${alg} on an admin route`);
        refused(await refresh(rig.app, token), 401, 'UNAUTHENTICATED', `alg ${alg} on refresh`);
        const sent = beacon(rig.app, token);
        refused(await sent.req, 401, 'UNAUTHENTICATED', `alg ${alg} in a beacon`);
        assert.deepEqual(await rig.store.callEvents(callLegKey(AGENTS.boss, sent.callId)), []);
      }
    });

    it('refuses a token for another agent signed with a random key, whatever key id it names', async () => {
      const rig = await buildSecurityRig();
      const boss = (await rig.store.agentById(AGENTS.boss))!;
      const realKid = jwtParts(rig.credential.adminAgent!).header.kid;
      for (const header of [{ kid: realKid }, {}, { kid: 'ffffffffffffffff' }]) {
        const token = await signToken(randomBytes(32), sessionClaims(boss.id, boss.sessionEpoch, rig.clock.now, { role: 'admin' }), header);
        refused(await settings(rig.app, token), 401, 'UNAUTHENTICATED', `random key, header ${JSON.stringify(header)}, agent route`);
        refused(await adminAgents(rig.app, token), 401, 'UNAUTHENTICATED', `random key, header ${JSON.stringify(header)}, admin route`);
      }
    });

    it('even signed with the real key, wants this issuer, audience, HS256, every claim and the agent’s current state', async () => {
      const rig = await buildSecurityRig();
      const { key, kid } = derivedSessionKey(rig.sessionSecret);
      const a = (await rig.store.agentById(AGENTS.a))!;
      const forge = (overrides: Record<string, unknown> = {}, header: Record<string, unknown> = { kid }, alg = 'HS256') =>
        signToken(key, sessionClaims(a.id, a.sessionEpoch, rig.clock.now, overrides), header, alg);
      assert.equal((await settings(rig.app, await forge())).status, 200, 'a token made exactly as the connector makes them works');

      const invalid: Record<string, Promise<string>> = {
        'another issuer': forge({ iss: 'someone-else' }),
        'another audience': forge({ aud: 'admin-api' }),
        'HS512 with the same key': forge({}, { kid }, 'HS512'),
        'no key id': forge({}, {}),
        'no jti': forge({ jti: undefined }),
        'no iat': forge({ iat: undefined }),
        'no exp': forge({ exp: undefined }),
        'no sub': forge({ sub: undefined }),
        'an unknown role': forge({ role: 'root' }),
        'an unknown sign-in method': forge({ amr: 'password' }),
        'a fractional epoch': forge({ ep: a.sessionEpoch + 0.5 }),
        'an agent that does not exist': forge({ sub: 'nobody' }),
        'a deleted agent': forge({ sub: AGENTS.former }),
      };
      for (const [what, token] of Object.entries(invalid)) refused(await settings(rig.app, await token), 401, 'UNAUTHENTICATED', what);
      refused(await settings(rig.app, await forge({ ep: a.sessionEpoch - 1 })), 401, 'SESSION_EXPIRED', 'an epoch the agent has left');
      const now = Math.floor(rig.clock.now / 1000);
      refused(await settings(rig.app, await forge({ iat: now - 1000, exp: now - 6 })), 401, 'SESSION_EXPIRED', 'expired beyond the tolerance');
      refused(await adminAgents(rig.app, await forge({ role: 'admin' })), 403, 'ADMIN_ONLY', 'a role claim the store does not back');
    });
  });

  describe('replay after the agent’s sessions ended', () => {
    it('ends every session of the agent at sign-out, and only that agent’s', async () => {
      const rig = await buildSecurityRig();
      const key = rig.signInKeys[AGENTS.a]!;
      const first = (await signIn(rig.app, key).expect(200)).body.token as string;
      const second = (await signIn(rig.app, key).expect(200)).body.token as string;
      assert.equal((await signOut(rig.app, first)).status, 204);
      for (const token of [first, second]) {
        refused(await settings(rig.app, token), 401, 'SESSION_EXPIRED', 'a session after sign-out');
        refused(await refresh(rig.app, token), 401, 'SESSION_EXPIRED', 'refreshing after sign-out');
        refused(await signOut(rig.app, token), 401, 'SESSION_EXPIRED', 'signing out twice');
        refused(await beacon(rig.app, token).req, 401, 'SESSION_EXPIRED', 'a beacon after sign-out');
      }
      assert.equal((await settings(rig.app, rig.credential.agentB!)).status, 200, 'B is still signed in');
      const again = (await signIn(rig.app, key).expect(200)).body.token as string;
      assert.equal((await settings(rig.app, again)).status, 200, 'signing in again works');
    });

    it('ends the sessions and the old key when an admin hands out a new sign-in key', async () => {
      const rig = await buildSecurityRig();
      const oldKey = rig.signInKeys[AGENTS.a]!;
      const res = await asAdmin(rig.app).post(`/agents/${AGENTS.a}/sign-in-key`).expect(200);
      refused(await settings(rig.app, rig.credential.agentA!), 401, 'SESSION_EXPIRED', 'a session from before the new key');
      refused(await signIn(rig.app, oldKey), 401, 'UNAUTHENTICATED', 'the old key');
      assert.equal((await signIn(rig.app, res.body.signInKey as string)).status, 200, 'the new key signs in');
    });

    it('ends an admin’s sessions when it is made an agent, and an agent’s when it is made an admin', async () => {
      const rig = await buildSecurityRig();
      assert.equal((await adminAgents(rig.app, rig.credential.adminAgent!)).status, 200);
      await asAdmin(rig.app).patch(`/agents/${AGENTS.boss}`, { role: 'agent' }).expect(200);
      refused(await adminAgents(rig.app, rig.credential.adminAgent!), 401, 'SESSION_EXPIRED', 'a demoted admin’s old session');
      const demoted = (await signIn(rig.app, rig.signInKeys[AGENTS.boss]!).expect(200)).body.token as string;
      refused(await adminAgents(rig.app, demoted), 403, 'ADMIN_ONLY', 'a demoted admin’s new session');

      await asAdmin(rig.app).patch(`/agents/${AGENTS.a}`, { role: 'admin' }).expect(200);
      refused(await settings(rig.app, rig.credential.agentA!), 401, 'SESSION_EXPIRED', 'a promoted agent’s old session');
      const promoted = (await signIn(rig.app, rig.signInKeys[AGENTS.a]!).expect(200)).body.token as string;
      assert.equal((await adminAgents(rig.app, promoted)).status, 200);
    });

    it('refuses a disabled agent’s session, and wants a new sign-in once it is enabled again', async () => {
      const rig = await buildSecurityRig();
      await asAdmin(rig.app).patch(`/agents/${AGENTS.a}`, { disabled: true }).expect(200);
      refused(await settings(rig.app, rig.credential.agentA!), 403, 'AGENT_DISABLED', 'a disabled agent');
      refused(await signIn(rig.app, rig.signInKeys[AGENTS.a]!), 403, 'AGENT_DISABLED', 'a disabled agent’s key');
      await asAdmin(rig.app).patch(`/agents/${AGENTS.a}`, { disabled: false }).expect(200);
      refused(await settings(rig.app, rig.credential.agentA!), 401, 'SESSION_EXPIRED', 'a session from before it was disabled');
    });

    it('retires a deleted agent’s id, so its sessions never act as a new agent’s', async () => {
      const rig = await buildSecurityRig();
      await asAdmin(rig.app).delete(`/agents/${AGENTS.a}`).expect(204);
      const again = await asAdmin(rig.app).post('/agents', { id: AGENTS.a, name: 'Someone else' });
      refused(again, 409, 'AGENT_EXISTS', 'a new agent with a deleted agent’s id');
      refused(await settings(rig.app, rig.credential.agentA!), 401, 'UNAUTHENTICATED', 'the deleted agent’s session');
      refused(await signIn(rig.app, rig.signInKeys[AGENTS.a]!), 401, 'UNAUTHENTICATED', 'the deleted agent’s sign-in key');
    });
  });

  describe('where a token is taken from', () => {
    it('refuses bad tokens in a beacon body and stores none of its events', async () => {
      const rig = await buildSecurityRig();
      const a = rig.credential.agentA!;
      const bad: Record<string, { token: unknown; code: string }> = {
        tampered: { token: withPayload(a, { sub: AGENTS.b }), code: 'UNAUTHENTICATED' },
        'signature flipped': { token: withSignatureFlipped(a), code: 'UNAUTHENTICATED' },
        expired: { token: rig.credential.expired, code: 'SESSION_EXPIRED' },
        'another key': { token: rig.credential.foreignKey, code: 'UNAUTHENTICATED' },
        'a deleted agent': { token: rig.credential.deleted, code: 'UNAUTHENTICATED' },
        'the sign-in key': { token: rig.signInKeys[AGENTS.a], code: 'UNAUTHENTICATED' },
        'the admin token': { token: ADMIN_TOKEN, code: 'UNAUTHENTICATED' },
        empty: { token: '', code: 'UNAUTHENTICATED' },
        'a number': { token: 12345, code: 'UNAUTHENTICATED' },
        null: { token: null, code: 'UNAUTHENTICATED' },
        'a list': { token: [a], code: 'UNAUTHENTICATED' },
        'an object': { token: { token: a }, code: 'UNAUTHENTICATED' },
        'very long': { token: `${a}${'A'.repeat(20_000)}`, code: 'UNAUTHENTICATED' },
        'with a line break': { token: `${a}\n`, code: 'UNAUTHENTICATED' },
      };
      for (const [what, { token, code }] of Object.entries(bad)) {
        const sent = beacon(rig.app, token);
        refused(await sent.req, 401, code, `beacon with ${what}`);
        for (const agent of [AGENTS.a, AGENTS.b, AGENTS.boss]) assert.deepEqual(await rig.store.callEvents(callLegKey(agent, sent.callId)), [], what);
      }
      refused(await beacon(rig.app, rig.credential.disabled).req, 403, 'AGENT_DISABLED', 'beacon of a disabled agent');
    });

    it('takes a session token only from the Authorization header: not from the query, a cookie or the body', async () => {
      const rig = await buildSecurityRig();
      const a = rig.credential.agentA!;
      const tries: Record<string, request.Test> = {
        query: request(rig.app).get(`/api/v1/agent/settings?access_token=${a}`),
        cookie: request(rig.app).get('/api/v1/agent/settings').set('Cookie', `token=${a}; session=${a}`),
        body: request(rig.app).post('/api/v1/resolve').send({ number: '+14155552671', token: a }),
        'Basic scheme': request(rig.app).get('/api/v1/agent/settings').set('Authorization', `Basic ${Buffer.from(`x:${a}`).toString('base64')}`),
        'no scheme': request(rig.app).get('/api/v1/agent/settings').set('Authorization', a),
        'another header': request(rig.app).get('/api/v1/agent/settings').set('X-Session-Token', a),
      };
      for (const [where, req] of Object.entries(tries)) refused(await req, 401, 'UNAUTHENTICATED', `a token in the ${where}`);
    });
  });
});
