import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import nock from 'nock';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import {
  ACCESS_TOKEN,
  API,
  CLIENT_ID,
  CLIENT_SECRET,
  INSTANCE,
  LOGIN,
  REFRESH_TOKEN,
  TOKEN_PATH,
  USERNAME,
  jwtSettings,
  keys,
  refreshSettings,
  tokenResponse,
} from './salesforce-test-kit.js';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Records each token request's form body and answers with `reply`. */
function tokenEndpoint(host: string, status: number, reply: unknown, forms: URLSearchParams[]) {
  return nock(host)
    .post(TOKEN_PATH)
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .reply((_uri, body) => {
      forms.push(new URLSearchParams(String(body)));
      return [status, reply];
    });
}

async function verifyAssertion(form: URLSearchParams | undefined, audience: string) {
  assert.ok(form);
  assert.equal(form.get('grant_type'), JWT_GRANT);
  const assertion = form.get('assertion');
  assert.ok(assertion);
  const { payload, protectedHeader } = await jwtVerify(assertion, createPublicKey(keys.publicKey), {
    issuer: CLIENT_ID,
    audience,
    subject: USERNAME,
  });
  assert.equal(protectedHeader.alg, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  assert.ok(payload.exp !== undefined && payload.exp > now && payload.exp <= now + 180, 'exp within 3 minutes');
}

describe('Salesforce adapter: login', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('logs in with a JWT bearer assertion signed by the private key, then calls the instance_url', async () => {
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(LOGIN, 200, tokenResponse(), forms);
    const api = nock(INSTANCE).get(`${API}/`).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, {});

    await createSalesforceAdapter(jwtSettings(), { logger: silentLogger }).ping();

    login.done();
    api.done();
    assert.equal(forms.length, 1);
    assert.deepEqual([...forms[0]!.keys()].sort(), ['assertion', 'grant_type']);
    await verifyAssertion(forms[0], LOGIN);
  });

  it('posts to a My Domain login URL but uses the login server as the JWT audience', async () => {
    const myDomain = 'https://acme.my.salesforce.com';
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(myDomain, 200, tokenResponse(), forms);
    const api = nock(INSTANCE).get(`${API}/`).reply(200, {});

    await createSalesforceAdapter(jwtSettings({ loginUrl: `${myDomain}/` }), { logger: silentLogger }).ping();

    login.done();
    api.done();
    await verifyAssertion(forms[0], 'https://login.salesforce.com');
  });

  it('accepts a PKCS#1 private key as older openssl writes it', async () => {
    const pkcs1 = createPrivateKey(keys.privateKey).export({ type: 'pkcs1', format: 'pem' }).toString();
    const settings = jwtSettings({ auth: { flow: 'jwt', username: USERNAME, privateKeyPem: pkcs1 } });
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(LOGIN, 200, tokenResponse(), forms);
    const api = nock(INSTANCE).get(`${API}/`).reply(200, {});

    await createSalesforceAdapter(settings, { logger: silentLogger }).ping();

    login.done();
    api.done();
    await verifyAssertion(forms[0], LOGIN);
  });

  it('fails with auth, without quoting the key, when the private key is unusable', async () => {
    const settings = jwtSettings({ auth: { flow: 'jwt', username: USERNAME, privateKeyPem: 'not a key' } });

    const error = await rejection(createSalesforceAdapter(settings, { logger: silentLogger }).ping());

    assert.equal(error.kind, 'auth');
    assert.match(error.message, /SF_PRIVATE_KEY_FILE/);
    assert.doesNotMatch(error.message, /not a key/);
  });

  it('logs in with the refresh-token flow, sending client_id, client_secret and refresh_token', async () => {
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(LOGIN, 200, tokenResponse(), forms);
    const api = nock(INSTANCE).get(`${API}/`).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, {});

    await createSalesforceAdapter(refreshSettings(), { logger: silentLogger }).ping();

    login.done();
    api.done();
    assert.deepEqual(Object.fromEntries(forms[0]!), {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
    });
  });

  it('leaves client_secret out of the refresh-token form when there is none', async () => {
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(LOGIN, 200, tokenResponse(), forms);
    const api = nock(INSTANCE).get(`${API}/`).reply(200, {});

    await createSalesforceAdapter(refreshSettings(null), { logger: silentLogger }).ping();

    login.done();
    api.done();
    assert.deepEqual(Object.fromEntries(forms[0]!), {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: REFRESH_TOKEN,
    });
  });

  it('maps a refused JWT login (400 invalid_grant) to auth, naming what to fix and no secret', async () => {
    const login = nock(LOGIN)
      .post(TOKEN_PATH)
      .reply(400, { error: 'invalid_grant', error_description: "user hasn't approved this consumer" });

    const error = await rejection(createSalesforceAdapter(jwtSettings(), { logger: silentLogger }).ping());

    login.done();
    assert.equal(error.kind, 'auth');
    assert.deepEqual(error.details, { crm: 'salesforce', status: 400, crmCode: 'invalid_grant' });
    assert.match(error.message, /JWT bearer login \(invalid_grant: user hasn't approved this consumer\)/);
    assert.match(error.message, /SF_USERNAME/);
    assert.ok(!error.message.includes(keys.privateKey.slice(40, 80)));
    assert.ok(!error.message.includes('eyJ'), 'no assertion in the message');
  });

  it('maps a refused refresh token to auth without echoing the token or the secret', async () => {
    const login = nock(LOGIN)
      .post(TOKEN_PATH)
      .reply(400, { error: 'invalid_grant', error_description: `expired access/refresh token ${REFRESH_TOKEN}` });

    const error = await rejection(createSalesforceAdapter(refreshSettings(), { logger: silentLogger }).ping());

    login.done();
    assert.equal(error.kind, 'auth');
    assert.equal(error.details.crmCode, 'invalid_grant');
    assert.match(error.message, /refresh-token login \(invalid_grant: expired access\/refresh token \[redacted\]\)/);
    assert.match(error.message, /SF_REFRESH_TOKEN/);
    assert.ok(!error.message.includes(REFRESH_TOKEN));
    assert.ok(!error.message.includes(CLIENT_SECRET));
  });

  it('names SF_CLIENT_ID when Salesforce does not know the consumer key', async () => {
    const login = nock(LOGIN)
      .post(TOKEN_PATH)
      .reply(400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });

    const error = await rejection(createSalesforceAdapter(jwtSettings(), { logger: silentLogger }).ping());

    login.done();
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /SF_CLIENT_ID/);
  });

  it('reports an unusable token response as bad-response', async () => {
    const login = nock(LOGIN).post(TOKEN_PATH).reply(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer' });

    const error = await rejection(createSalesforceAdapter(jwtSettings(), { logger: silentLogger }).ping());

    login.done();
    assert.equal(error.kind, 'bad-response');
    assert.match(error.message, /instance_url/);
  });

  it('maps a login service outage (503) to unavailable', async () => {
    const login = nock(LOGIN).post(TOKEN_PATH).reply(503, 'Service Unavailable');

    const error = await rejection(createSalesforceAdapter(jwtSettings(), { logger: silentLogger }).ping());

    login.done();
    assert.equal(error.kind, 'unavailable');
  });
});

describe('Salesforce adapter: token cache', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('logs in once for several calls in a row', async () => {
    const login = nock(LOGIN).post(TOKEN_PATH).once().reply(200, tokenResponse());
    const api = nock(INSTANCE).get(`${API}/`).times(3).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, {});
    const adapter = createSalesforceAdapter(jwtSettings(), { logger: silentLogger });

    await adapter.ping();
    await adapter.ping();
    await adapter.ping();

    login.done();
    api.done();
  });

  it('shares one in-flight login between concurrent calls', async () => {
    const login = nock(LOGIN).post(TOKEN_PATH).once().delay(50).reply(200, tokenResponse());
    const api = nock(INSTANCE).get(`${API}/`).times(5).reply(200, {});
    const adapter = createSalesforceAdapter(jwtSettings(), { logger: silentLogger });

    await Promise.all([1, 2, 3, 4, 5].map(() => adapter.ping()));

    login.done();
    api.done();
  });

  it('does not cache a failed login: the next call tries again', async () => {
    const refused = nock(LOGIN).post(TOKEN_PATH).reply(400, { error: 'invalid_grant', error_description: 'bad' });
    const adapter = createSalesforceAdapter(jwtSettings(), { logger: silentLogger });
    assert.equal((await rejection(adapter.ping())).kind, 'auth');
    refused.done();

    const login = nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
    const api = nock(INSTANCE).get(`${API}/`).reply(200, {});
    await adapter.ping();

    login.done();
    api.done();
  });

  it('forgets the token on close, so the next call logs in again', async () => {
    const login = nock(LOGIN).post(TOKEN_PATH).twice().reply(200, tokenResponse());
    const api = nock(INSTANCE).get(`${API}/`).twice().reply(200, {});
    const adapter = createSalesforceAdapter(jwtSettings(), { logger: silentLogger });

    await adapter.ping();
    await adapter.close();
    await adapter.ping();

    login.done();
    api.done();
  });
});
