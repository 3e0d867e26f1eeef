import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { API, HUB_ACCESS_TOKEN, HUB_CLIENT_SECRET, HUB_REFRESH_TOKEN, hubTokenAnswer, hubTokenMetadata } from '../auth/oauth/hubspot-fixtures.js';
import { ACCESS_TOKEN, ID_PATH, identityAnswer, LOGIN, tokenAnswer } from '../auth/oauth/salesforce-fixtures.js';
import { closeTestApps } from '../http/test-app.js';
import { findSecrets, JWT_PATTERN } from './support/secret-search.js';
import { ADMIN_TOKEN, AGENTS, buildSecurityRig, EPHEMERAL_SECRET, PUBLIC_URL, SF_CLIENT_SECRET, SIP_PASSWORDS, type SecurityRig } from './support/security-rig.js';

const CAROL_PASSWORD = 'Saffron-Glacier-6150-Oriel';
const CAROL_NEW_PASSWORD = 'Tamarind-Beacon-2847-Quay';
const WEAK_PASSWORD = 'carol1010carol';
const OAUTH_CODE = 'aPrx4sgoM2Nd1zWeFVlOWveD0HhYmiDiLmlLnXEBgX01tpVOQMWVSUuafFPHu3kCSjzk4CUTZg==';
const HUB_CODE = 'hub-code-3f9e1c27d6b84a05';

type App = SecurityRig['app'];
const admin = (app: App) => ({
  post: (path: string, body?: object) => request(app).post(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(body),
  put: (path: string, body: object) => request(app).put(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(body),
  get: (path: string) => request(app).get(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`),
});
const signIn = (app: App, key: string) => request(app).post('/api/v1/auth/local').send({ key });
const as = (app: App, token: string) => ({
  get: (path: string) => request(app).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body?: object) => request(app).post(path).set('Authorization', `Bearer ${token}`).send(body),
});

/** Starts a CRM sign-in as the widget's popup would, and returns the sealed state for the callback. */
async function startSignIn(app: App, crm: 'salesforce' | 'hubspot'): Promise<string> {
  const res = await request(app).get(`/auth/${crm}/start`).query({ return: PUBLIC_URL });
  assert.equal(res.status, 302, res.text);
  return new URL(res.headers.location!).searchParams.get('state')!;
}

describe('log redaction: no secret in any log line or audit entry', () => {
  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  after(() => nock.enableNetConnect());
  afterEach(async () => {
    nock.cleanAll();
    await closeTestApps();
  });

  it('keeps every password, key and token out of the logs and the audit log through sign-ins, settings, rotations and failures', async () => {
    const rig = await buildSecurityRig();
    const { app } = rig;
    const secrets = new Map<string, string>([
      ['ADMIN_TOKEN', ADMIN_TOKEN],
      ['SIP_EPHEMERAL_SECRET', EPHEMERAL_SECRET],
      ['the Salesforce client secret', SF_CLIENT_SECRET],
      ['the HubSpot client secret', HUB_CLIENT_SECRET],
      ['the Salesforce access token', ACCESS_TOKEN],
      ['the HubSpot access token', HUB_ACCESS_TOKEN],
      ['the HubSpot refresh token', HUB_REFRESH_TOKEN],
      ['the Salesforce authorization code', OAUTH_CODE],
      ['the HubSpot authorization code', HUB_CODE],
      ['the session secrets key (base64)', Buffer.from(rig.sessionSecret).toString('base64')],
      ['the session secrets key (hex)', Buffer.from(rig.sessionSecret).toString('hex')],
      ['carol’s SIP password', CAROL_PASSWORD],
      ['carol’s new SIP password', CAROL_NEW_PASSWORD],
      ['a weak SIP password', WEAK_PASSWORD],
      ...Object.entries(SIP_PASSWORDS).map(([id, password]) => [`${id}’s SIP password`, password] as [string, string]),
      ...Object.entries(rig.signInKeys).map(([id, key]) => [`${id}’s sign-in key`, key] as [string, string]),
      ...Object.entries(rig.credential)
        .filter(([, value]) => value !== null)
        .map(([name, value]) => [`the ${name} credential`, value!] as [string, string]),
    ]);
    const keep = (label: string, value: string) => {
      assert.ok(value, `${label} was handed out`);
      secrets.set(label, value);
      return value;
    };

    // An admin creates agents with a password and an ephemeral account; each signs in and fetches its settings.
    const carol = await admin(app).post('/agents', { id: 'carol', name: 'Carol', sip: { username: '1010', password: CAROL_PASSWORD } });
    assert.equal(carol.status, 201, carol.text);
    const carolKey = keep('carol’s first sign-in key', carol.body.signInKey);
    const eph = await admin(app).post('/agents', { id: 'eph', name: 'Eph', sip: { kind: 'ephemeral', username: '1011' } });
    assert.equal(eph.status, 201, eph.text);
    const carolToken = keep('carol’s first session', (await signIn(app, carolKey).expect(200)).body.token);
    const settings = await as(app, carolToken).get('/api/v1/agent/settings').expect(200);
    assert.equal(settings.body.sip.authorizationPassword, CAROL_PASSWORD, 'the password was opened');
    const ephToken = keep('eph’s session', (await signIn(app, keep('eph’s sign-in key', eph.body.signInKey)).expect(200)).body.token);
    const minted = await as(app, ephToken).get('/api/v1/agent/settings').expect(200);
    keep('eph’s minted SIP password', minted.body.sip.authorizationPassword);
    keep('carol’s refreshed session', (await as(app, carolToken).post('/api/v1/auth/refresh', {}).expect(200)).body.token);

    // Rotations: a new sign-in key, a new SIP password (and weak ones refused), a generated password, a re-seal.
    const newKey = keep('carol’s second sign-in key', (await admin(app).post('/agents/carol/sign-in-key').expect(200)).body.signInKey);
    await signIn(app, carolKey).expect(401);
    const carolSession = keep('carol’s second session', (await signIn(app, newKey).expect(200)).body.token);
    await admin(app).put('/agents/carol/sip', { username: '1010', password: CAROL_NEW_PASSWORD }).expect(200);
    await admin(app).put('/agents/carol/sip', { username: '1010', password: WEAK_PASSWORD }).expect(422);
    keep('a generated SIP password', (await admin(app).post('/sip-passwords').expect(200)).body.password);
    await admin(app).post('/secrets/reseal', {}).expect(200);

    // Salesforce sign-in: the token and identity answers are nock'd, the access token known.
    let state = await startSignIn(app, 'salesforce');
    const forms: URLSearchParams[] = [];
    const token = nock(LOGIN)
      .post('/services/oauth2/token')
      .reply((_uri, body) => (forms.push(new URLSearchParams(String(body))), [200, tokenAnswer()]));
    const identity = nock(LOGIN).get(ID_PATH).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, identityAnswer());
    const page = await request(app).get('/auth/salesforce/callback').query({ code: OAUTH_CODE, state });
    token.done();
    identity.done();
    assert.equal(page.status, 200, page.text);
    keep('the PKCE verifier', forms[0]!.get('code_verifier')!);
    keep('the session of the Salesforce sign-in', JWT_PATTERN.exec(page.text)![0]);
    // ...and its failures: a token endpoint that repeats the code and secret, an identity refusal, a dropped connection.
    state = await startSignIn(app, 'salesforce');
    nock(LOGIN).post('/services/oauth2/token').reply(400, { error: 'invalid_grant', error_description: `code ${OAUTH_CODE} with ${SF_CLIENT_SECRET} expired` });
    assert.equal((await request(app).get('/auth/salesforce/callback').query({ code: OAUTH_CODE, state })).status, 401);
    state = await startSignIn(app, 'salesforce');
    nock(LOGIN).post('/services/oauth2/token').reply(200, tokenAnswer());
    nock(LOGIN).get(ID_PATH).reply(401, 'Bad_OAuth_Token');
    assert.equal((await request(app).get('/auth/salesforce/callback').query({ code: OAUTH_CODE, state })).status, 401);
    state = await startSignIn(app, 'salesforce');
    nock(LOGIN).post('/services/oauth2/token').replyWithError(`socket hang up while sending ${OAUTH_CODE}`);
    assert.equal((await request(app).get('/auth/salesforce/callback').query({ code: OAUTH_CODE, state })).status, 401);
    // HubSpot: the token is good, but its user has no agent.
    state = await startSignIn(app, 'hubspot');
    nock(API).post('/oauth/v1/token').reply(200, hubTokenAnswer());
    nock(API).get(`/oauth/v1/access-tokens/${HUB_ACCESS_TOKEN}`).reply(200, hubTokenMetadata({ user_id: 999_999 }));
    assert.equal((await request(app).get('/auth/hubspot/callback').query({ code: HUB_CODE, state })).status, 403);

    // Failed requests carrying secrets in headers, bodies and query strings.
    const failures: [request.Test, number][] = [
      [as(app, ADMIN_TOKEN).get('/api/v1/agent/settings'), 401],
      [as(app, newKey).get('/api/v1/agent/settings'), 401],
      [as(app, carolSession).get('/api/v1/admin/agents'), 403],
      [as(app, newKey).get('/api/v1/admin/agents'), 401],
      [request(app).get('/api/v1/admin/agents').set('Authorization', `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`), 401],
      [request(app).post('/api/v1/auth/local').send({ key: ADMIN_TOKEN }), 401],
      [request(app).post('/api/v1/auth/local').send({ key: CAROL_NEW_PASSWORD }), 401],
      [request(app).post('/api/v1/auth/local').send({ key: newKey, password: CAROL_NEW_PASSWORD }), 400],
      [request(app).post('/api/v1/resolve').send({ number: '+14155552671', token: carolSession, password: CAROL_NEW_PASSWORD }), 401],
      [as(app, carolSession).post('/api/v1/resolve', { number: '+14155552671', password: CAROL_NEW_PASSWORD }), 400],
      [as(app, carolSession).get(`/api/v1/lookup?number=%2B14155552671&access_token=${carolSession}&key=${newKey}&password=${CAROL_NEW_PASSWORD}`), 200],
      [request(app).get(`/api/v1/no-such-route?access_token=${carolSession}&admin_token=${ADMIN_TOKEN}`), 404],
      [request(app).get('/api/v1/agent/settings').set('Cookie', `session=${carolSession}; admin=${ADMIN_TOKEN}`), 401],
      [request(app).post('/api/v1/calls/events/beacon').set('Content-Type', 'text/plain').send(JSON.stringify({ token: carolSession, events: [{ password: CAROL_NEW_PASSWORD }] })), 400],
      [request(app).post('/api/v1/calls/events/beacon').set('Content-Type', 'text/plain').send(JSON.stringify({ token: ADMIN_TOKEN, events: [] })), 401],
      [request(app).post('/api/v1/admin/agents').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'application/json').send(`{"id":"x","sip":{"password":"${CAROL_NEW_PASSWORD}"`), 400],
      [request(app).put('/api/v1/admin/agents/carol/sip').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/plain').send(`password=${CAROL_NEW_PASSWORD}`), 415],
      [admin(app).put('/agents/carol/sip', { username: '1010', password: CAROL_NEW_PASSWORD, pad: 'x'.repeat(110 * 1024) }), 413],
      [admin(app).put('/agents/nobody/sip', { username: '1010', password: CAROL_NEW_PASSWORD }), 404],
      [admin(app).post('/agents', { id: 'carol', name: 'Again', sip: { username: '1010', password: CAROL_NEW_PASSWORD } }), 409],
    ];
    for (const [req, status] of failures) {
      const res = await req;
      assert.equal(res.status, status, res.text);
    }

    // An internal error on the way: a sealed password no key of this app opens (a 500, logged with its cause).
    const stranger = new SecretBox(randomBytes(32)).seal('Unopenable-Secret-4410', `agent-sip:${AGENTS.b}`);
    await rig.store.setAgentSip(AGENTS.b, { kind: 'password', username: '1002', authUser: null, domain: null, wsServer: null, displayName: null, sealedPassword: stranger });
    assert.equal((await as(app, rig.credential.agentB!).get('/api/v1/agent/settings')).status, 500);
    await as(app, carolSession).post('/api/v1/auth/sign-out', {}).expect(204);

    const logLines = rig.logs.map((line) => JSON.stringify(line));
    const auditEntries = (await admin(app).get('/audit?limit=500').expect(200)).body.entries as unknown[];
    const auditLines = auditEntries.map((entry) => JSON.stringify(entry));
    assert.ok(logLines.some((line) => line.includes('"status":401')) && logLines.some((line) => line.includes('"status":500')), 'the failures were logged');
    assert.ok(logLines.some((line) => line.includes('CRM sign-in') || line.includes('signed in with the CRM')), 'the CRM sign-ins were logged');
    for (const action of ['agent.create', 'agent.sign-in-key.reset', 'sip.set', 'secrets.reseal', 'session.sign-in', 'session.sign-in.refused', 'session.sign-out']) {
      assert.ok(auditEntries.some((entry) => (entry as { action: string }).action === action), `the audit log has ${action}`);
    }

    const found = findSecrets([...logLines, ...auditLines], secrets);
    const jwts = [...logLines, ...auditLines].filter((line) => JWT_PATTERN.test(line));
    console.log(
      `      log redaction: ${secrets.size} secrets searched in ${logLines.length} log lines and ${auditLines.length} audit entries, ${found.length} found, ${jwts.length} lines with a JWT`,
    );
    assert.deepEqual(found, []);
    assert.deepEqual(jwts, []);
  });
});
