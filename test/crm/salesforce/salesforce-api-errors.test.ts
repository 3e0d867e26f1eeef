import assert from 'node:assert/strict';
import nock from 'nock';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { CONTACT_ID, contact, queryResponse } from './salesforce-records.js';
import {
  ACCESS_TOKEN,
  API,
  INSTANCE,
  INVALID_SESSION,
  LOGIN,
  SECOND_ACCESS_TOKEN,
  TOKEN_PATH,
  jwtSettings,
  tokenResponse,
} from './salesforce-test-kit.js';

const QUERY = `${API}/query`;

describe('Salesforce adapter: API errors', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (timeoutMs = 2000) => createSalesforceAdapter(jwtSettings({ timeoutMs }), { logger: silentLogger });
  const getContact = (timeoutMs?: number) => adapter(timeoutMs).getRecord({ objectType: 'Contact', id: CONTACT_ID });
  const login = () => nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());

  it('logs in again and retries once when the session expired (401 INVALID_SESSION_ID)', async () => {
    const logins = nock(LOGIN)
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(ACCESS_TOKEN))
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(SECOND_ACCESS_TOKEN));
    const api = nock(INSTANCE)
      .get(QUERY)
      .query(true)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(401, INVALID_SESSION)
      .get(QUERY)
      .query(true)
      .matchHeader('authorization', `Bearer ${SECOND_ACCESS_TOKEN}`)
      .reply(200, queryResponse([contact()]));

    const record = await getContact();

    logins.done();
    api.done();
    assert.equal(record?.id, CONTACT_ID);
  });

  it('refreshes once when concurrent calls find the same session expired', async () => {
    const logins = nock(LOGIN)
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(ACCESS_TOKEN))
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(SECOND_ACCESS_TOKEN));
    const api = nock(INSTANCE)
      .get(`${API}/`)
      .times(3)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(401, INVALID_SESSION)
      .get(`${API}/`)
      .times(3)
      .matchHeader('authorization', `Bearer ${SECOND_ACCESS_TOKEN}`)
      .reply(200, {});
    const shared = adapter();

    await Promise.all([shared.ping(), shared.ping(), shared.ping()]);

    logins.done();
    api.done();
  });

  it('gives up with auth when the fresh session is refused too', async () => {
    const logins = nock(LOGIN).post(TOKEN_PATH).twice().reply(200, tokenResponse());
    const api = nock(INSTANCE).get(QUERY).query(true).twice().reply(401, INVALID_SESSION);

    const error = await rejection(getContact());

    logins.done();
    api.done();
    assert.equal(error.kind, 'auth');
    assert.deepEqual(error.details, { crm: 'salesforce', status: 401, crmCode: 'INVALID_SESSION_ID' });
  });

  it('maps 403 REQUEST_LIMIT_EXCEEDED to rate-limited', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(QUERY)
      .query(true)
      .reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);

    const error = await rejection(getContact());

    logins.done();
    api.done();
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.details.crmCode, 'REQUEST_LIMIT_EXCEEDED');
    assert.equal(error.retryable, true);
  });

  it('maps 429 to rate-limited', async () => {
    const logins = login();
    const api = nock(INSTANCE).get(QUERY).query(true).reply(429, 'Too Many Requests');

    assert.equal((await rejection(getContact())).kind, 'rate-limited');
    logins.done();
    api.done();
  });

  it('maps another 403 (a missing permission) to auth', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(QUERY)
      .query(true)
      .reply(403, [{ message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' }]);

    const error = await rejection(getContact());

    logins.done();
    api.done();
    assert.equal(error.kind, 'auth');
    assert.equal(error.details.crmCode, 'API_DISABLED_FOR_ORG');
  });

  it('maps 503 to unavailable', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(QUERY)
      .query(true)
      .reply(503, [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);

    const error = await rejection(getContact());

    logins.done();
    api.done();
    assert.equal(error.kind, 'unavailable');
    assert.deepEqual(error.details, { crm: 'salesforce', status: 503, crmCode: 'SERVER_UNAVAILABLE' });
  });

  it('maps a 500 with an HTML page to unavailable', async () => {
    const logins = login();
    const api = nock(INSTANCE).get(QUERY).query(true).reply(500, '<html>Internal Server Error</html>');

    assert.equal((await rejection(getContact())).kind, 'unavailable');
    logins.done();
    api.done();
  });

  it('maps 400 INVALID_FIELD to bad-request with the Salesforce error code', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(QUERY)
      .query(true)
      .reply(400, [{ message: "No such column 'DoNotCall' on entity 'Contact'.", errorCode: 'INVALID_FIELD' }]);

    const error = await rejection(getContact());

    logins.done();
    api.done();
    assert.equal(error.kind, 'bad-request');
    assert.equal(error.details.crmCode, 'INVALID_FIELD');
    assert.match(error.message, /No such column 'DoNotCall'/);
  });

  it('maps a 200 whose body is not JSON to bad-response', async () => {
    const logins = login();
    const api = nock(INSTANCE).get(QUERY).query(true).reply(200, '{"totalSize": 1, "records": [', {
      'Content-Type': 'application/json',
    });

    assert.equal((await rejection(getContact())).kind, 'bad-response');
    logins.done();
    api.done();
  });

  it('maps a 200 without the expected shape to bad-response', async () => {
    const logins = login();
    const api = nock(INSTANCE).get(QUERY).query(true).reply(200, { totalSize: 1, done: true });

    assert.equal((await rejection(getContact())).kind, 'bad-response');
    logins.done();
    api.done();
  });

  it('maps no answer within timeoutMs to timeout', async () => {
    const logins = login();
    const api = nock(INSTANCE).get(QUERY).query(true).delay(500).reply(200, queryResponse([contact()]));

    const error = await rejection(getContact(100));

    logins.done();
    api.done();
    assert.equal(error.kind, 'timeout');
  });

  it('maps a refused connection to unavailable', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(QUERY)
      .query(true)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

    const error = await rejection(getContact());

    logins.done();
    api.done();
    assert.equal(error.kind, 'unavailable');
    assert.match(error.message, /ECONNREFUSED/);
  });
});
