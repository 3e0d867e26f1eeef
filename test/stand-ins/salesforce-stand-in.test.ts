import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import express from 'express';
import request from 'supertest';
import { s256Challenge } from '../../connector/src/auth/oauth/pkce.js';
import { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import { loadConfig } from '../../connector/src/config/config.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import { createCrmAdapter } from '../../connector/src/crm/create-crm-adapter.js';
import { oauthRoutes } from '../../connector/src/http/oauth-routes.js';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { runResultPage } from '../auth/oauth/result-page-kit.js';
import { answeredCall, silentLogger } from '../crm/crm-test-kit.js';
import { DEFAULT_STAND_IN_USER, SalesforceStandIn, type StandInRecord } from './salesforce-stand-in.js';

const ACCOUNT: StandInRecord = { type: 'Account', Id: '001xx000003DGb2AAG', Name: 'Analytical Engines Ltd', Phone: '+44 20 7946 0000', BillingCountry: 'United Kingdom' };
const CONTACT: StandInRecord = {
  type: 'Contact',
  Id: '003xx000004TmiQAAS',
  Name: 'Ada Lovelace',
  AccountId: ACCOUNT.Id,
  MailingCountry: 'United Kingdom',
  Phone: '020 7946 0958',
  MobilePhone: '+44 7700 900123',
  Email: 'ada@engines.example',
};
const LEAD: StandInRecord = { type: 'Lead', Id: '00Qxx000001Hx9TEAS', Name: 'Grace Hopper', Company: 'Cobol Inc', Country: 'USA', DoNotCall: true, Phone: '(415) 555-2671' };
/** Holds the same number as LEAD, but converted: the connector's search leaves converted leads out. */
const CONVERTED_LEAD: StandInRecord = { type: 'Lead', Id: '00Qxx000001Hx9UEAS', Name: 'Grace Hopper (converted)', Company: 'Cobol Inc', IsConverted: true, Phone: '415-555-2671' };

/**
 * The stand-in answered by the connector's real Salesforce adapter, configured as `CRM=salesforce` with a refresh
 * token and `SF_LOGIN_URL` at the stand-in: what an end-to-end test of the connector process relies on.
 */
describe('Salesforce stand-in, as the real Salesforce adapter sees it', () => {
  let standIn: SalesforceStandIn;
  let adapter: CrmAdapter;

  before(async () => {
    standIn = new SalesforceStandIn({ apiVersion: '62.0', externalIdField: 'CTI_Call_Id__c', records: [ACCOUNT, CONTACT, LEAD, CONVERTED_LEAD] });
    await standIn.start();
    const config = loadConfig({
      CRM: 'salesforce',
      SF_LOGIN_URL: standIn.url,
      SF_CLIENT_ID: 'x',
      SF_REFRESH_TOKEN: 'y',
      DATA_DIR: tmpdir(),
    });
    ({ adapter } = createCrmAdapter(config, silentLogger));
  });

  after(async () => {
    await adapter?.close();
    await standIn?.stop();
    console.log(
      `      stand-in: ${standIn.counts.tokenRequests} token request(s), ${standIn.requests.length} API requests ` +
        `(${standIn.counts.queries} queries, ${standIn.counts.searches} searches, ${standIn.counts.upserts} upserts)`,
    );
  });

  it('answers the connection check on the version resource', async () => {
    await adapter.ping();
    assert.deepEqual(standIn.requests.at(-1), { method: 'GET', path: '/services/data/v62.0/', body: null });
  });

  it('gets a seeded Contact by id, with its account name, country and phones', async () => {
    const record = await adapter.getRecord({ objectType: 'Contact', id: CONTACT.Id });
    assert.deepEqual(record, {
      id: CONTACT.Id,
      objectType: 'Contact',
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      country: 'GB',
      doNotCall: false,
      phones: [
        { field: 'Phone', label: 'Phone', value: '020 7946 0958' },
        { field: 'MobilePhone', label: 'Mobile', value: '+44 7700 900123' },
      ],
    });
    const sent = new URL(standIn.requests.at(-1)!.path, standIn.url);
    assert.equal(sent.pathname, '/services/data/v62.0/query');
    assert.match(sent.searchParams.get('q') ?? '', /^SELECT Id, Name, Account\.Name, .* FROM Contact WHERE Id = '003xx000004TmiQAAS' LIMIT 1$/);
  });

  it('gets the same Contact by the 15-character form of its id', async () => {
    const record = await adapter.getRecord({ objectType: 'Contact', id: CONTACT.Id.slice(0, 15) });
    assert.equal(record?.name, 'Ada Lovelace');
  });

  it('gets null for an id no record has', async () => {
    assert.equal(await adapter.getRecord({ objectType: 'Contact', id: '003xx000009ZZZZAAA' }), null);
    assert.equal(await adapter.getRecord({ objectType: 'Lead', id: CONTACT.Id.replace(/^003/, '00Q') }), null);
  });

  it("finds a Contact by the caller's E.164 number, stored with a trunk prefix and spaces", async () => {
    const matches = await adapter.findByPhone({ e164: '+442079460958', nationalDigits: '2079460958' });
    assert.deepEqual(
      matches.map((m) => [m.record.objectType, m.record.name, m.matchedField]),
      [['Contact', 'Ada Lovelace', 'Phone']],
    );
    const sent = new URL(standIn.requests.at(-1)!.path, standIn.url);
    assert.equal(sent.pathname, '/services/data/v62.0/search');
    assert.match(sent.searchParams.get('q') ?? '', /^FIND \{2079460958\} IN PHONE FIELDS RETURNING Contact\(/);
  });

  it("finds a Lead by the caller's E.164 number, leaving the converted lead with the same number out", async () => {
    const matches = await adapter.findByPhone({ e164: '+14155552671', nationalDigits: '4155552671' });
    assert.deepEqual(
      matches.map((m) => [m.record.objectType, m.record.id, m.record.company, m.record.doNotCall, m.matchedField]),
      [['Lead', LEAD.Id, 'Cobol Inc', true, 'Phone']],
    );
  });

  it('finds nobody for a number no record holds', async () => {
    assert.deepEqual(await adapter.findByPhone({ e164: '+33142685300', nationalDigits: '142685300' }), []);
  });

  it('stores an upserted call log as a Task with the fields the adapter sends, once per Call-ID', async () => {
    const log = answeredCall({ callId: 'agent-1:a84b4c76e66710@pbx.test', ownerCrmId: '005xx000001SwiUAAS', record: { objectType: 'Contact', id: CONTACT.Id } });
    const [outcome] = await adapter.upsertCallLogs({ logs: [log] });
    assert.equal(outcome?.outcome, 'stored');
    const task = standIn.tasks.get(log.callId);
    assert.ok(task, 'the Task is stored under its Call-ID');
    assert.deepEqual(
      { ...task, Description: typeof task.Description },
      {
        CTI_Call_Id__c: log.callId,
        Subject: log.subject,
        TaskSubtype: 'Call',
        CallType: 'Outbound',
        CallDurationInSeconds: 192,
        CallDisposition: 'Answered',
        CallObject: log.callId,
        Description: 'string',
        Status: 'Completed',
        ActivityDate: '2025-03-14',
        WhoId: CONTACT.Id,
        OwnerId: '005xx000001SwiUAAS',
        Id: outcome?.outcome === 'stored' ? outcome.crmId : '',
      },
    );

    await adapter.upsertCallLogs({ logs: [{ ...log, disposition: 'Interested' }] });
    assert.equal(standIn.tasks.get(log.callId)?.CallDisposition, 'Interested');
    assert.deepEqual(standIn.inserts, [log.callId], 'the wrap-up updated the Task rather than adding one');
  });

  it('refuses a query of another shape with 400 MALFORMED_QUERY, saying which shape it reads', async () => {
    const login = await fetch(`${standIn.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&client_id=x&refresh_token=y',
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const query = async (soql: string) => {
      const res = await fetch(`${standIn.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as { errorCode: string; message: string }[] };
    };

    const malformed = await query("SELECT Id FROM Contact WHERE Name = 'Ada Lovelace'");
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.length, 1);
    assert.equal(malformed.body[0]?.errorCode, 'MALFORMED_QUERY');
    assert.match(malformed.body[0]?.message ?? '', /answers only SELECT <fields> FROM <Contact\|Lead\|Account> WHERE Id = '<id>'/);

    const unknownField = await query(`SELECT Id, MailingCountryCode FROM Contact WHERE Id = '${CONTACT.Id}'`);
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body[0]?.errorCode, 'INVALID_FIELD');

    const selected = await query(`SELECT Id, Name FROM Contact WHERE Id = '${CONTACT.Id}'`);
    assert.equal(selected.status, 200);
    assert.deepEqual(selected.body, {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${CONTACT.Id}` }, Id: CONTACT.Id, Name: 'Ada Lovelace' }],
    });
  });
});

/**
 * The agents' sign-in half of the stand-in (authorize, the authorization_code grant with PKCE, the identity URL), as a
 * browser and the connector see it: what an end-to-end sign-in through a popup relies on.
 */
describe('Salesforce stand-in, signing an agent in', () => {
  const CLIENT_ID = 'stand-in-consumer-key';
  const CALLBACK = 'https://connector.example.com/auth/salesforce/callback';
  const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  let standIn: SalesforceStandIn;

  beforeEach(async () => {
    standIn = new SalesforceStandIn({ apiVersion: '62.0', externalIdField: 'CTI_Call_Id__c', oauthClientId: CLIENT_ID });
    await standIn.start();
  });

  afterEach(async () => {
    await standIn?.stop();
  });

  /** Asks the authorize page for a code, as the browser would, and returns where it was sent back to. */
  async function authorize(params: Record<string, string> = {}): Promise<URL> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      code_challenge: s256Challenge(VERIFIER),
      code_challenge_method: 'S256',
      state: 'the-state',
      scope: 'openid id',
      ...params,
    });
    const res = await fetch(`${standIn.url}/services/oauth2/authorize?${query.toString()}`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    return new URL(res.headers.get('location')!);
  }

  async function exchange(form: Record<string, string>) {
    const res = await fetch(`${standIn.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: CALLBACK, ...form }).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  it('sends a signed-in user straight back to the redirect URI with a code and the state, as an approval does', async () => {
    const back = await authorize();
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'the-state');
    assert.match(back.searchParams.get('code') ?? '', /^aPrx[A-Za-z0-9_-]+$/);
  });

  it('sends error=access_denied back when the user declines, and refuses an unknown app without redirecting', async () => {
    standIn.oauth.approve = false;
    const back = await authorize();
    assert.deepEqual(Object.fromEntries(back.searchParams), { error: 'access_denied', error_description: 'end-user denied authorization', state: 'the-state' });

    const res = await fetch(`${standIn.url}/services/oauth2/authorize?response_type=code&client_id=someone-else&redirect_uri=${encodeURIComponent(CALLBACK)}`, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
  });

  it('exchanges a code only with the verifier of its challenge, and only once', async () => {
    const code = (await authorize()).searchParams.get('code')!;
    assert.deepEqual(await exchange({ code, code_verifier: 'x'.repeat(43) }), { status: 400, body: { error: 'invalid_request', error_description: 'invalid code verifier' } });

    const fresh = (await authorize()).searchParams.get('code')!;
    assert.deepEqual(await exchange({ code: fresh }), { status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } });

    const good = (await authorize()).searchParams.get('code')!;
    const token = await exchange({ code: good, code_verifier: VERIFIER });
    assert.equal(token.status, 200);
    assert.equal(token.body.id, `${standIn.url}/id/${DEFAULT_STAND_IN_USER.organizationId}/${DEFAULT_STAND_IN_USER.userId}`);
    assert.equal(token.body.instance_url, standIn.url);
    assert.equal(token.body.token_type, 'Bearer');
    assert.deepEqual(await exchange({ code: good, code_verifier: VERIFIER }), { status: 400, body: { error: 'invalid_grant', error_description: 'invalid authorization code' } });
  });

  it('refuses a code sent back with another redirect URI', async () => {
    const code = (await authorize()).searchParams.get('code')!;
    const answer = await exchange({ code, code_verifier: VERIFIER, redirect_uri: 'https://evil.example/callback' });
    assert.deepEqual(answer, { status: 400, body: { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' } });
  });

  it('describes the signed-in user at the identity URL, to the bearer of that user’s token only', async () => {
    const code = (await authorize()).searchParams.get('code')!;
    const { body } = await exchange({ code, code_verifier: VERIFIER });
    const identity = await fetch(body.id!, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(identity.status, 200);
    const user = (await identity.json()) as Record<string, unknown>;
    assert.deepEqual([user.user_id, user.organization_id, user.username, user.display_name, user.active], [
      DEFAULT_STAND_IN_USER.userId,
      DEFAULT_STAND_IN_USER.organizationId,
      DEFAULT_STAND_IN_USER.username,
      DEFAULT_STAND_IN_USER.displayName,
      true,
    ]);

    const anonymous = await fetch(body.id!);
    assert.deepEqual([anonymous.status, await anonymous.text()], [403, 'Missing_OAuth_Token']);
    const forged = await fetch(body.id!, { headers: { authorization: 'Bearer 00Dforged' } });
    assert.deepEqual([forged.status, await forged.text()], [403, 'Bad_OAuth_Token']);
  });

  it('signs an agent in through the connector’s own sign-in routes, from start to the session posted to the widget', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      await store.createAgent({ id: 'agent-ada', name: 'Ada Lovelace', crmUserId: DEFAULT_STAND_IN_USER.userId.slice(0, 15), disabled: false, tokenHash: 'a'.repeat(64) });
      const key = randomBytes(32);
      const tokens = new SessionTokens({ keys: { current: key, previous: [] }, ttlS: 900, maxAgeS: 3600 });
      const app = express();
      app.set('query parser', 'simple');
      app.use(
        oauthRoutes({
          store,
          sessions: tokens,
          box: new SecretBox(key),
          publicUrl: 'https://connector.example.com',
          connectorOrigin: 'https://connector.example.com',
          crmOrigins: [],
          salesforce: { loginUrl: standIn.url, clientId: CLIENT_ID, clientSecret: null },
          hubspot: null,
          timeoutMs: 5000,
        }),
      );

      const started = await request(app).get('/auth/salesforce/start').query({ return: 'https://connector.example.com' });
      const authorizePage = await fetch(started.headers.location!, { redirect: 'manual' });
      const back = new URL(authorizePage.headers.get('location')!);
      assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
      const page = await request(app).get(`${back.pathname}${back.search}`);

      assert.equal(page.status, 200, page.text);
      const run = runResultPage(page.text, page.headers['content-security-policy']!);
      assert.equal(run.posted[0]?.message.type, 'click-to-call:session');
      assert.equal((await tokens.verify(String(run.posted[0]?.message.token))).agentId, 'agent-ada');
      assert.deepEqual(standIn.oauth.counts, { authorizations: 1, codeGrants: 1, identityRequests: 1 });
    } finally {
      await store.close();
    }
  });
});
