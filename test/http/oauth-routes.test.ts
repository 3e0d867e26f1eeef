import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import helmet from 'helmet';
import nock from 'nock';
import { pino } from 'pino';
import request from 'supertest';
import { s256Challenge } from '../../connector/src/auth/oauth/pkce.js';
import { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import { oauthRoutes, type OAuthRoutesDeps } from '../../connector/src/http/oauth-routes.js';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import type { AuditEntry } from '../../connector/src/store/store.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { API, BAD_AUTH_CODE, HUB_ACCESS_TOKEN, HUB_CLIENT_ID, HUB_CLIENT_SECRET, HUB_USER_ID, hubTokenAnswer, hubTokenMetadata } from '../auth/oauth/hubspot-fixtures.js';
import { pageText, runResultPage, scriptCount, type PageRun } from '../auth/oauth/result-page-kit.js';
import { ACCESS_TOKEN, CLIENT_ID, EXPIRED_CODE, ID_PATH, identityAnswer, LOGIN, tokenAnswer, USER_ID } from '../auth/oauth/salesforce-fixtures.js';

const PUBLIC_URL = 'https://connector.example.com';
const CRM_ORIGIN = 'https://acme.lightning.force.com';
const CODE = 'aPrx4sgoM2Nd1zWeFVlOWveD0HhYmiDiLmlLnXEBgX01tpVOQMWVSUuafFPHu3kCSjzk4CUTZg==';
const T0 = Date.parse('2025-03-14T10:00:00Z');

interface Harness {
  readonly app: Express;
  readonly store: SqliteStore;
  readonly tokens: SessionTokens;
  readonly clock: { now: number };
  logs(): string;
}

const stores: SqliteStore[] = [];

async function harness(overrides: Partial<OAuthRoutesDeps> = {}): Promise<Harness> {
  const clock = { now: T0 };
  const key = randomBytes(32);
  const store = SqliteStore.open(':memory:');
  stores.push(store);
  const tokenHash = (n: number) => String(n).repeat(64);
  // Ada was entered with the 15-character id Salesforce's setup pages show.
  await store.createAgent({ id: 'agent-ada', name: 'Ada Lovelace', crmUserId: USER_ID.slice(0, 15), disabled: false, tokenHash: tokenHash(1) });
  await store.createAgent({ id: 'agent-grace', name: 'Grace Hopper', crmUserId: String(HUB_USER_ID), disabled: false, tokenHash: tokenHash(2) });
  await store.createAgent({ id: 'agent-off', name: 'Off Duty', crmUserId: '005xx000002OffXAAA', disabled: true, tokenHash: tokenHash(3) });
  const tokens = new SessionTokens({ keys: { current: key, previous: [] }, ttlS: 900, maxAgeS: 8 * 3600, now: () => clock.now });
  const chunks: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk.toString()), done()) }));
  const app = express();
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(
    oauthRoutes({
      store,
      sessions: tokens,
      box: new SecretBox(key),
      publicUrl: `${PUBLIC_URL}/`,
      connectorOrigin: PUBLIC_URL,
      crmOrigins: [CRM_ORIGIN],
      salesforce: { loginUrl: LOGIN, clientId: CLIENT_ID, clientSecret: null },
      hubspot: { clientId: HUB_CLIENT_ID, clientSecret: HUB_CLIENT_SECRET, apiBaseUrl: API },
      timeoutMs: 2000,
      logger,
      now: () => clock.now,
      ...overrides,
    }),
  );
  return { app, store, tokens, clock, logs: () => chunks.join('') };
}

/** Starts a sign-in and returns where the connector sent the browser. */
async function start(app: Express, crm: 'salesforce' | 'hubspot', returnOrigin = PUBLIC_URL): Promise<URL> {
  const res = await request(app).get(`/auth/${crm}/start`).query({ return: returnOrigin });
  assert.equal(res.status, 302, res.text);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['set-cookie'], undefined);
  return new URL(res.headers.location!);
}

/** The CRM's redirect to the callback, and what the page then does in the popup. */
async function callback(app: Express, crm: 'salesforce' | 'hubspot', query: Record<string, string>) {
  const res = await request(app).get(`/auth/${crm}/callback`).query(query);
  assert.match(res.headers['content-type'] ?? '', /^text\/html; charset=utf-8/);
  assert.equal(res.headers['set-cookie'], undefined, 'no cookie, ever');
  const csp = res.headers['content-security-policy'] ?? '';
  assert.match(csp, /^default-src 'none'; script-src 'nonce-[^']+'; .*frame-ancestors 'none'$/);
  const run: PageRun = scriptCount(res.text) > 0 ? runResultPage(res.text, csp) : { posted: [], closed: false, status: pageText(res.text) };
  return { status: res.status, headers: res.headers, text: res.text, run };
}

/** The Salesforce token endpoint, recording each form. */
function salesforceToken(forms: URLSearchParams[], status: number, body: nock.Body) {
  return nock(LOGIN)
    .post('/services/oauth2/token')
    .reply((_uri, sent) => {
      forms.push(new URLSearchParams(String(sent)));
      return [status, body];
    });
}

async function audit(store: SqliteStore): Promise<Pick<AuditEntry, 'actor' | 'action' | 'target' | 'outcome' | 'details'>[]> {
  return (await store.auditLog({ limit: 20 })).map(({ actor, action, target, outcome, details }) => ({ actor, action, target, outcome, details }));
}

describe('CRM sign-in routes', () => {
  before(() => {
    nock.disableNetConnect();
    // supertest's own requests to the app under test
    nock.enableNetConnect('127.0.0.1');
  });
  after(() => nock.enableNetConnect());
  afterEach(async () => {
    nock.cleanAll();
    for (const store of stores.splice(0)) await store.close();
  });

  describe('Salesforce', () => {
    it('signs an agent in: PKCE S256 to the authorize page, the verifier to the token endpoint, a session to the widget', async () => {
      const h = await harness();
      const authorize = await start(h.app, 'salesforce');
      assert.equal(`${authorize.origin}${authorize.pathname}`, `${LOGIN}/services/oauth2/authorize`);
      assert.equal(authorize.searchParams.get('redirect_uri'), `${PUBLIC_URL}/auth/salesforce/callback`);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      const forms: URLSearchParams[] = [];
      const token = salesforceToken(forms, 200, tokenAnswer());
      const id = nock(LOGIN).get(ID_PATH).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, identityAnswer());

      const page = await callback(h.app, 'salesforce', { code: CODE, state: authorize.searchParams.get('state')! });

      token.done();
      id.done();
      const verifier = forms[0]?.get('code_verifier');
      assert.ok(verifier, 'the token request carries the verifier');
      assert.equal(s256Challenge(verifier), authorize.searchParams.get('code_challenge'), 'the challenge is S256 of that verifier');
      assert.equal(forms[0]?.get('redirect_uri'), `${PUBLIC_URL}/auth/salesforce/callback`);
      assert.equal(page.status, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['cross-origin-opener-policy'], 'unsafe-none', 'the popup keeps its opener');
      assert.equal(page.run.posted.length, 1);
      const { message, targetOrigin } = page.run.posted[0]!;
      assert.equal(targetOrigin, PUBLIC_URL, 'posted to exactly the return origin');
      assert.deepEqual({ ...message, token: typeof message.token }, {
        type: 'click-to-call:session',
        token: 'string',
        expiresAt: new Date(T0 + 900_000).toISOString(),
        refreshUntil: new Date(T0 + 8 * 3600_000).toISOString(),
        agent: { id: 'agent-ada', name: 'Ada Lovelace', role: 'agent' },
      });
      assert.equal(page.run.closed, true);
      const claims = await h.tokens.verify(message.token as string);
      assert.deepEqual([claims.agentId, claims.method], ['agent-ada', 'salesforce']);
      assert.deepEqual(await audit(h.store), [
        { actor: 'agent:agent-ada', action: 'session.sign-in', target: 'agent-ada', outcome: 'ok', details: { method: 'salesforce', crmUserId: USER_ID } },
      ]);
      const logs = h.logs();
      for (const secret of [CODE, verifier, ACCESS_TOKEN, message.token as string]) assert.ok(!logs.includes(secret), 'no code, verifier or token in the logs');
      assert.match(logs, /agent signed in with the CRM/);
    });

    it('posts the session to a configured CRM origin when the sign-in started there', async () => {
      const h = await harness();
      const authorize = await start(h.app, 'salesforce', CRM_ORIGIN);
      const token = salesforceToken([], 200, tokenAnswer());
      const id = nock(LOGIN).get(ID_PATH).reply(200, identityAnswer());
      const page = await callback(h.app, 'salesforce', { code: CODE, state: authorize.searchParams.get('state')! });
      token.done();
      id.done();
      assert.deepEqual(page.run.posted.map((p) => [p.message.type, p.targetOrigin]), [['click-to-call:session', CRM_ORIGIN]]);
    });

    it('refuses to start for a return origin it does not trust, with a 400 page and no redirect', async () => {
      const h = await harness();
      for (const origin of ['https://evil.example', `${PUBLIC_URL}/widget/`, 'null']) {
        const res = await request(h.app).get('/auth/salesforce/start').query({ return: origin });
        assert.equal(res.status, 400, origin);
        assert.equal(res.headers.location, undefined);
        assert.equal(scriptCount(res.text), 0, 'nothing is posted anywhere');
        assert.match(pageText(res.text), /page the connector does not serve/);
      }
      const missing = await request(h.app).get('/auth/salesforce/start');
      assert.equal(missing.status, 400);
      assert.match(missing.headers['content-type'] ?? '', /^text\/html/);
    });

    it('refuses a tampered state without asking Salesforce anything, and audits the refusal', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;
      const tampered = state.slice(0, 10) + (state[10] === 'A' ? 'B' : 'A') + state.slice(11);

      const page = await callback(h.app, 'salesforce', { code: CODE, state: tampered });

      assert.equal(page.status, 401);
      assert.equal(scriptCount(page.text), 0, 'an untrusted state names no origin to post to');
      assert.match(page.run.status, /sign-in link is not valid/);
      assert.deepEqual(await audit(h.store), [
        { actor: 'system', action: 'session.sign-in.refused', target: null, outcome: 'refused', details: { method: 'salesforce', code: 'SIGN_IN_FAILED' } },
      ]);
    });

    it('refuses a state older than ten minutes, telling the widget why', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;
      h.clock.now += 10 * 60_000 + 1;

      const page = await callback(h.app, 'salesforce', { code: CODE, state });

      assert.equal(page.status, 401);
      assert.deepEqual(page.run.posted.map((p) => [p.message.code, p.targetOrigin]), [['SIGN_IN_FAILED', PUBLIC_URL]]);
      assert.match(String(page.run.posted[0]?.message.message), /took more than 10 minutes/);
    });

    it('refuses a state started for HubSpot at the Salesforce callback', async () => {
      const h = await harness();
      const state = (await start(h.app, 'hubspot')).searchParams.get('state')!;
      const page = await callback(h.app, 'salesforce', { code: CODE, state });
      assert.equal(page.status, 401);
      assert.match(page.run.status, /started for another CRM/);
    });

    it('shows a clear page when the user declines, without exchanging anything', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;

      const page = await callback(h.app, 'salesforce', { error: 'access_denied', error_description: 'end-user denied authorization', state });

      assert.equal(page.status, 401);
      assert.deepEqual(page.run.posted[0]?.message, {
        type: 'click-to-call:sign-in-error',
        code: 'SIGN_IN_FAILED',
        message: 'You declined to let the softphone use your Salesforce identity, so you are not signed in. To sign in, start again and choose Allow.',
      });
    });

    it('passes on Salesforce’s refusal of the code (invalid_grant)', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;
      const token = salesforceToken([], 400, EXPIRED_CODE);

      const page = await callback(h.app, 'salesforce', { code: CODE, state });

      token.done();
      assert.equal(page.status, 401);
      assert.match(String(page.run.posted[0]?.message.message), /invalid_grant: expired authorization code/);
      assert.deepEqual((await audit(h.store))[0]?.details, { method: 'salesforce', code: 'SIGN_IN_FAILED' });
    });

    it('refuses when the identity URL turns the access token down (401)', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;
      const token = salesforceToken([], 200, tokenAnswer());
      const id = nock(LOGIN).get(ID_PATH).reply(401, 'Bad_OAuth_Token');

      const page = await callback(h.app, 'salesforce', { code: CODE, state });

      token.done();
      id.done();
      assert.equal(page.status, 401);
      assert.equal(page.run.posted[0]?.message.code, 'SIGN_IN_FAILED');
      assert.match(page.run.status, /did not say who signed in/);
    });

    it('tells a Salesforce user with no agent profile to ask an admin, naming the id to add', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;
      const stranger = '005xx000009ZzzZAAS';
      const token = salesforceToken([], 200, tokenAnswer({ id: `${LOGIN}/id/00Dxx0000001gPLEAY/${stranger}` }));
      const id = nock(LOGIN).get(`/id/00Dxx0000001gPLEAY/${stranger}`).reply(200, identityAnswer({ user_id: stranger, username: 'eve@engines.example' }));

      const page = await callback(h.app, 'salesforce', { code: CODE, state });

      token.done();
      id.done();
      assert.equal(page.status, 403);
      assert.equal(page.run.posted[0]?.message.code, 'NO_AGENT_FOR_CRM_USER');
      assert.match(page.run.status, /\(eve@engines\.example\) has no agent profile.*CRM user id 005xx000009ZzzZAAS/);
      assert.deepEqual((await audit(h.store))[0], {
        actor: 'system',
        action: 'session.sign-in.refused',
        target: null,
        outcome: 'refused',
        details: { method: 'salesforce', crmUserId: stranger, code: 'NO_AGENT_FOR_CRM_USER' },
      });
    });

    it('refuses a disabled agent', async () => {
      const h = await harness();
      const state = (await start(h.app, 'salesforce')).searchParams.get('state')!;
      const off = '005xx000002OffXAAA';
      const token = salesforceToken([], 200, tokenAnswer({ id: `${LOGIN}/id/00Dxx0000001gPLEAY/${off}` }));
      const id = nock(LOGIN).get(`/id/00Dxx0000001gPLEAY/${off}`).reply(200, identityAnswer({ user_id: off }));

      const page = await callback(h.app, 'salesforce', { code: CODE, state });

      token.done();
      id.done();
      assert.equal(page.status, 403);
      assert.equal(page.run.posted[0]?.message.code, 'AGENT_DISABLED');
      assert.deepEqual((await audit(h.store))[0]?.target, 'agent-off');
    });

    it('answers 404 SIGN_IN_UNAVAILABLE as a page when the Salesforce sign-in is not configured', async () => {
      const h = await harness({ salesforce: null });
      const res = await request(h.app).get('/auth/salesforce/start').query({ return: PUBLIC_URL });
      assert.equal(res.status, 404);
      assert.match(res.headers['content-type'] ?? '', /^text\/html/);
      const run = runResultPage(res.text, res.headers['content-security-policy']!);
      assert.deepEqual(run.posted.map((p) => [p.message.code, p.targetOrigin]), [['SIGN_IN_UNAVAILABLE', PUBLIC_URL]]);
      const cb = await callback(h.app, 'salesforce', { code: CODE, state: 'x' });
      assert.equal(cb.status, 404);
    });
  });

  describe('HubSpot', () => {
    it('signs an agent in with its HubSpot user id', async () => {
      const h = await harness();
      const authorize = await start(h.app, 'hubspot');
      assert.equal(`${authorize.origin}${authorize.pathname}`, 'https://app.hubspot.com/oauth/authorize');
      assert.deepEqual([...authorize.searchParams.keys()].sort(), ['client_id', 'redirect_uri', 'scope', 'state']);
      const forms: URLSearchParams[] = [];
      const api = nock(API)
        .post('/oauth/v1/token')
        .reply((_uri, body) => {
          forms.push(new URLSearchParams(String(body)));
          return [200, hubTokenAnswer()];
        })
        .get(`/oauth/v1/access-tokens/${HUB_ACCESS_TOKEN}`)
        .reply(200, hubTokenMetadata());

      const page = await callback(h.app, 'hubspot', { code: 'hub-code-1', state: authorize.searchParams.get('state')! });

      api.done();
      assert.equal(forms[0]?.get('redirect_uri'), `${PUBLIC_URL}/auth/hubspot/callback`);
      assert.equal(page.status, 200);
      const { message, targetOrigin } = page.run.posted[0]!;
      assert.equal(targetOrigin, PUBLIC_URL);
      assert.deepEqual(message.agent, { id: 'agent-grace', name: 'Grace Hopper', role: 'agent' });
      assert.equal((await h.tokens.verify(message.token as string)).method, 'hubspot');
      assert.deepEqual((await audit(h.store))[0]?.details, { method: 'hubspot', crmUserId: String(HUB_USER_ID) });
      assert.ok(!h.logs().includes(HUB_ACCESS_TOKEN));
    });

    it('passes on HubSpot’s refusal of the code (BAD_AUTH_CODE)', async () => {
      const h = await harness();
      const state = (await start(h.app, 'hubspot')).searchParams.get('state')!;
      const api = nock(API).post('/oauth/v1/token').reply(400, BAD_AUTH_CODE);

      const page = await callback(h.app, 'hubspot', { code: 'used-code', state });

      api.done();
      assert.equal(page.status, 401);
      assert.match(String(page.run.posted[0]?.message.message), /BAD_AUTH_CODE: missing or unknown auth code/);
    });

    it('answers SIGN_IN_UNAVAILABLE when HubSpot sign-in is not configured, and posts nothing to an untrusted origin', async () => {
      const h = await harness({ hubspot: null });
      const res = await request(h.app).get('/auth/hubspot/start').query({ return: 'https://evil.example' });
      assert.equal(res.status, 404);
      assert.equal(scriptCount(res.text), 0);
    });
  });
});
